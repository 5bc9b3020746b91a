// <mathlet-grad-clip>: being written; shows a notice until then.
export async function mount(host, root) {
  const p = document.createElement('p');
  p.textContent = 'gradient clipping: the live demo is being built.';
  root.replaceChildren(p);
  return {};
}
