// The embed page: /embed/#<widget>=<state>, one widget alone, for an <iframe> on a blog that allows
// no scripts. The hash's first entry names the widget and holds its state, in the permalink format
// (web/src/widgets/parts/permalink.js), so a widget's "Copy link" hash works here as it is:
//   /embed/#cur=preset:kernel;r:3        /embed/?lang=zh#logsumexp=values:1,2,3
// The page tells its parent how tall it is (embed-size.js); a bare /embed/ lists the widgets.
import { ELEMENTS } from '../../web/src/widgets/index.js';
import { kindOf } from '../../web/src/widgets/parts/widget-kind.js';
import { reportSize } from './embed-size.js';

const TEXT = {
  en: {
    title: 'Embed a mathlets widget',
    intro: 'Each link opens one widget alone. Put its address in an iframe on your page:',
    unknown: 'This address names no widget ("{key}"). The widgets are:',
  },
  zh: {
    title: '嵌入一个 mathlets 组件',
    intro: '每个链接单独打开一个组件。把它的地址放进你页面上的 iframe：',
    unknown: '这个地址没有指明组件（“{key}”）。可用的组件：',
  },
};

const params = new URLSearchParams(location.search);
const language = (params.get('lang') ?? navigator.language ?? 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
const main = document.getElementById('embed');

/** The hash's first entry: its key ('cur' in #cur=preset:kernel or #cur), or ''. */
function hashKey() {
  const first = location.hash.slice(1).split('&')[0];
  try {
    return decodeURIComponent(first.split('=')[0]);
  } catch {
    return first;
  }
}

function showWidget(tag) {
  const element = document.createElement(tag);
  main.replaceChildren(element);
  document.title = `${ELEMENTS[tag].title[language]} · mathlets`;
}

function showChooser(key) {
  const t = TEXT[language];
  const section = document.createElement('section');
  section.className = 'chooser';
  const heading = document.createElement('h1');
  heading.textContent = t.title;
  const intro = document.createElement('p');
  intro.textContent = key ? t.unknown.replace('{key}', key) : t.intro;
  if (key) intro.className = 'problem';
  const list = document.createElement('ul');
  for (const [tag, { title }] of Object.entries(ELEMENTS)) {
    const kind = kindOf(tag);
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#${kind}`;
    link.textContent = title[language];
    const code = document.createElement('code');
    code.textContent = ` <iframe src="${new URL(`#${kind}`, location.href.split('#')[0]).href}" width="100%" height="${ELEMENTS[tag].placeholderHeight}" style="border:0" title="${title.en}"></iframe>`;
    item.append(link, code);
    list.append(item);
  }
  section.append(heading, intro, list);
  main.replaceChildren(section);
  document.title = `${t.title} · mathlets`;
}

// The widget the hash names, or the list; a new widget kind in the hash (a link of the list) swaps it.
// A change of state within the same kind is the widget's own (its permalink restores it).
let shown = null;
function render() {
  const key = hashKey();
  const tag = `mathlet-${key}`;
  const next = key && tag in ELEMENTS ? tag : null;
  if (next && next === shown) return;
  shown = next;
  if (next) showWidget(next);
  else showChooser(key);
}
addEventListener('hashchange', render);
render();
reportSize();
