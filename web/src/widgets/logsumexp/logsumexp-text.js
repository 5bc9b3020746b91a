// Every word <mathlet-logsumexp> shows or reads out, in English and Chinese (simplified).
// {name} slots are filled with symbols, formulas or numbers, which stay as they are in both
// languages (they sit in translate="no" spans); the shared parts' messages are in parts-text.js.

export const logsumexpText = {
  en: {
    // readouts.js
    heading: 'Logsumexp of your vector at temperature {tau}',
    facts:
      'Gap to the maximum: {gap} (at most {bound}). The maximum is attained {ties} time(s), so the gap is at least {floorSymbol}{floor}. Slope in {tau} (the entropy of softmax): {slope}.',

    // the vector panel
    'x.heading': 'The vector {x}',
    'x.hint': 'Drag a bar up or down, or type a value (arrow keys step it).',
    'tau.label': 'Temperature {tau}',
    'button.add': 'Add a component',
    'button.remove': 'Remove the last',
    'button.equal': 'All equal',
    'button.tie': 'Add a tie at the max',
    'button.reset': 'Reset',

    // the tau panel
    'curve.heading': 'Logsumexp inside its band as {tau} varies',
    'view.legend': 'Show',
    'view.plain': 'the values',
    'view.shifted': 'the values minus {tauLogN}',
    'legend.band': 'where R1–R2 allow {lse} to be',
    'plot.tauAxis': 'temperature τ (log scale) →',
    'plot.valueAxis': '↑ value{minus}',
    'plot.label':
      'Plot of lse_τ(x){minus} against the temperature τ from 0.001 to 1000 on a log scale, inside the band from x_max to x_max + τ log n, with the mean bound x̄ + τ log n',
    'plot.sample': 'τ = {tau}: lse {value}',
    'plot.description': 'Samples: {samples}. Current τ = {tau}: lse_τ(x) = {lse}, band from {lo} to {hi}, mean bound {mean}.',

    // the ladder panel
    'ladder.heading': 'Every bound on one axis',
    'ladder.hint': 'Dots are bounds, the vertical line is logsumexp; the numbers are each value and its gap.',
    'ladder.upper': 'R2 upper',
    'ladder.ties': 'R1 ties',
    'ladder.axis': 'value →',
    'ladder.label': 'The bounds of lse_τ(x) on one value axis, with each one’s gap to lse_τ(x)',
    'ladder.row': '{tag} ({formula}) = {value}',
    'ladder.gap': ', gap {gap}',
    kl: 'Gap between {lse} and the entropy bound R6: {formula}',

    // the weights panel
    'p.heading': 'Weights {p} for R4–R6',
    'p.hint': 'The weights always sum to 1; with uniform weights R4–R6 all equal R3. Dashed marks show {softmax}, where R6 is exact.',
    'button.uniform': 'Uniform {p}',
    'button.snap': 'Snap {p} to {softmax}',
    't.label': 'Hölder order {t}',

    // status messages
    'status.notFinite': '{name} would not be a finite number; kept the previous vector.',
    'attr.tooMany': '{attr}: at most {max} numbers (got {count})',
    'attr.component': '{attr}: {name}: {reason}',
    'problems.separator': '; ',
    'rows.separator': '; ',
  },
  zh: {
    heading: '你的向量在温度 {tau} 下的 logsumexp',
    facts:
      '与最大值的差距：{gap}（至多 {bound}）。最大值出现了 {ties} 次，所以差距至少为 {floorSymbol}{floor}。对 {tau} 的斜率（即 softmax 的熵）：{slope}。',

    'x.heading': '向量 {x}',
    'x.hint': '上下拖动柱条，或直接输入数值（方向键可逐步调整）。',
    'tau.label': '温度 {tau}',
    'button.add': '添加一个分量',
    'button.remove': '删去最后一个',
    'button.equal': '全部相等',
    'button.tie': '在最大值处加一个并列',
    'button.reset': '重置',

    'curve.heading': '{tau} 变化时，logsumexp 始终落在带内',
    'view.legend': '显示',
    'view.plain': '原始数值',
    'view.shifted': '数值减去 {tauLogN}',
    'legend.band': 'R1–R2 允许 {lse} 所在的范围',
    'plot.tauAxis': '温度 τ（对数刻度）→',
    'plot.valueAxis': '↑ 数值{minus}',
    'plot.label':
      'lse_τ(x){minus} 随温度 τ 变化的曲线（τ 从 0.001 到 1000，对数刻度），位于从 xₘₐₓ 到 xₘₐₓ + τ log n 的带内，并画出均值下界 x̄ + τ log n',
    'plot.sample': 'τ = {tau}：lse {value}',
    'plot.description': '采样值：{samples}。当前 τ = {tau}：lse_τ(x) = {lse}，带的范围从 {lo} 到 {hi}，均值下界为 {mean}。',

    'ladder.heading': '所有的界画在同一条轴上',
    'ladder.hint': '圆点是各个界，竖线是 logsumexp；右侧的数字依次是每个界的值及其与 logsumexp 的差距。',
    'ladder.upper': 'R2 上界',
    'ladder.ties': 'R1 并列',
    'ladder.axis': '数值 →',
    'ladder.label': 'lse_τ(x) 的各个界画在同一条数值轴上，并标出每个界与 lse_τ(x) 的差距',
    'ladder.row': '{tag}（{formula}）= {value}',
    'ladder.gap': '，差距 {gap}',
    kl: '{lse} 与熵下界 R6 之间的差距：{formula}',

    'p.heading': 'R4–R6 所用的权重 {p}',
    'p.hint': '权重之和始终为 1；取均匀权重时，R4–R6 都等于 R3。虚线标出 {softmax}，R6 在那里恰好取等。',
    'button.uniform': '均匀的 {p}',
    'button.snap': '把 {p} 设为 {softmax}',
    't.label': '赫尔德阶数 {t}',

    'status.notFinite': '{name} 将不再是有限数，已保留之前的向量。',
    'attr.tooMany': '{attr}：最多 {max} 个数（收到 {count} 个）',
    'attr.component': '{attr}：{name}：{reason}',
    'problems.separator': '；',
    'rows.separator': '；',
  },
};
