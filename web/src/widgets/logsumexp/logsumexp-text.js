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

    // the Lipschitz panel (lipschitz-view.js, lipschitz-plot.js)
    'lip.heading': 'A second vector {y}: the Lipschitz bound R7',
    'lip.hint': 'Drag a bar or type a value of {y}; the dashed marks show {x}.',
    'lip.lseY': 'Its logsumexp: {lseY}{value}.',
    'lip.twoSided': 'Difference: {diff}{value}, inside {interval}, the smallest and the largest xᵢ − yᵢ.',
    'lip.bound': 'Lipschitz bound: the difference is at most {norm}{value} in size; slack {slack}.',
    'lip.attained': 'The bound is attained.',
    'button.shift': 'Shift {y} to {formula}',
    'lip.norm.short': 'R7 bound',
    'lip.twoSided.short': 'two-sided',
    'lip.axis': 'difference →',
    'lip.label':
      'The difference lse_τ(x) − lse_τ(y) on one axis, inside the interval from the smallest to the largest component of x − y and inside ±‖x − y‖∞',
    'lip.description': 'Difference {diff}; the components of x − y are {components}, from {lo} to {hi}; ‖x − y‖∞ = {norm}{attained}.',
    'lip.attainedNote': '; the bound is attained',

    // the convexity panel (convexity-view.js, convexity-plot.js)
    'convex.heading': 'Convexity along a segment (R8)',
    'convex.hint':
      'The solid curve is logsumexp at {point}, from {yEnd} (λ = 0) to {xEnd} (λ = 1); the dashed line is the chord. The curve never rises above the chord, and is the chord itself when {y} − {x} is a multiple of {one}: try the shift button above.',
    'mix.label': 'Mixing weight {lambda}',
    'convex.inequality': 'Chord {chord}{chordValue} ≥ {lse}{lseValue}; gap {gap}.',
    'convex.axis': 'mixing weight λ →',
    'convex.valueAxis': '↑ value',
    'convex.label': 'Plot of lse_τ(λx + (1 − λ)y) against λ from 0 to 1, under the chord λ lse_τ(x) + (1 − λ) lse_τ(y)',
    'convex.sample': 'λ = {lambda}: lse {lse}, chord {chord}',
    'convex.description': 'Samples: {samples}. At λ = {mix}: chord {chord}, lse {lseMix}, gap {gap}.',

    // the smooth-max surface (smooth-max-surface.js)
    'surface.heading': 'The smooth maximum of two numbers',
    'surface.hint':
      'Solid lines are levels of logsumexp, dashed lines the same levels of the maximum, with their corners on the diagonal. The shading is the gap between them: largest on the diagonal, where it equals {tauLog2}. Raise the temperature to round the corners off.',
    'surface.ramp': 'the gap {gap}',
    'surface.noteOne': '{x} has one component; a point needs two, so none is marked.',
    'surface.noteTwo': 'The dot is your {x} = ({x1}, {x2}).',
    'surface.noteFirst': 'The dot is ({x1}, {x2}): the first two components of your {x}.',
    'surface.label': 'Contour map of lse_τ(x₁, x₂) beside the same levels of max(x₁, x₂), shaded by their gap',
    'surface.window': 'x₁ and x₂ from {lo} to {hi}; levels {levels}',
    'surface.diagonal': 'on the diagonal x₁ = x₂ the gap is τ log 2 = {gap} (τ = {tau})',
    'surface.point': 'at the dot ({a}, {b}): lse {lse}, max {max}, gap {gap}',

    // the numerics panel (numerics-panel.js)
    'num.heading': 'Naive against stable',
    'num.hint':
      'The naive formula exponentiates every entry as it is; the stable one first subtracts the maximum {m}, and adds the small rest with log1p.',
    'num.caption': 'The logsumexp of your vector computed three ways',
    'num.scheme': 'Scheme',
    'num.value': 'Result',
    'num.verdict': 'Verdict',
    'num.naive': 'Naive',
    'num.shifted': 'Shifted, plain log',
    'num.stable': 'Stable (the core)',
    'num.overflow': 'overflow: the sum is ∞',
    'num.underflow': 'underflow: the sum is 0, and log 0 = −∞',
    'num.rounding': 'rounded: off by {relative} relative',
    'num.ok': 'right',
    'num.reference': 'reference',
    'num.cases': 'The cases of the math notes, at {tau}:',

    // status messages
    'status.notFinite': '{name} would not be a finite number; kept the previous vector.',
    'attr.tooMany': '{attr}: at most {max} numbers (got {count})',
    'attr.component': '{attr}: {name}: {reason}',
    'attr.yLength': '{attr}: {count} numbers, but x has {n}; y was fitted to {n}',
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

    'lip.heading': '第二个向量 {y}：Lipschitz 界 R7',
    'lip.hint': '拖动 {y} 的柱条或输入数值；虚线标出 {x}。',
    'lip.lseY': '它的 logsumexp：{lseY}{value}。',
    'lip.twoSided': '两者之差：{diff}{value}，落在 {interval} 内，即 xᵢ − yᵢ 的最小值与最大值之间。',
    'lip.bound': 'Lipschitz 界：差的绝对值至多为 {norm}{value}；余量 {slack}。',
    'lip.attained': '界被取到。',
    'button.shift': '把 {y} 平移为 {formula}',
    'lip.norm.short': 'R7 界',
    'lip.twoSided.short': '双侧界',
    'lip.axis': '差 →',
    'lip.label': '差 lse_τ(x) − lse_τ(y) 画在一条轴上，落在 x − y 的最小分量与最大分量之间，也落在 ±‖x − y‖∞ 之内',
    'lip.description': '差为 {diff}；x − y 的各分量为 {components}，从 {lo} 到 {hi}；‖x − y‖∞ = {norm}{attained}。',
    'lip.attainedNote': '；界被取到',

    'convex.heading': '沿线段的凸性（R8）',
    'convex.hint':
      '实线是 logsumexp 在 {point} 处的值，从 {yEnd}（λ = 0）到 {xEnd}（λ = 1）；虚线是弦。曲线从不高于弦；当 {y} − {x} 是 {one} 的倍数时，曲线就是弦本身：试试上面的平移按钮。',
    'mix.label': '混合权重 {lambda}',
    'convex.inequality': '弦 {chord}{chordValue} ≥ {lse}{lseValue}；差距 {gap}。',
    'convex.axis': '混合权重 λ →',
    'convex.valueAxis': '↑ 数值',
    'convex.label': 'lse_τ(λx + (1 − λ)y) 随 λ 从 0 到 1 变化的曲线，位于弦 λ lse_τ(x) + (1 − λ) lse_τ(y) 之下',
    'convex.sample': 'λ = {lambda}：lse {lse}，弦 {chord}',
    'convex.description': '采样值：{samples}。在 λ = {mix} 处：弦 {chord}，lse {lseMix}，差距 {gap}。',

    'surface.heading': '两个数的光滑最大值',
    'surface.hint':
      '实线是 logsumexp 的等值线，虚线是最大值在相同水平上的等值线，其拐角位于对角线上。阴影表示两者之差：在对角线上最大，恰为 {tauLog2}。升高温度，拐角就被磨圆。',
    'surface.ramp': '差 {gap}',
    'surface.noteOne': '{x} 只有一个分量；标出一个点需要两个分量，所以没有标点。',
    'surface.noteTwo': '圆点就是你的 {x} = ({x1}, {x2})。',
    'surface.noteFirst': '圆点是 ({x1}, {x2})：你的 {x} 的前两个分量。',
    'surface.label': 'lse_τ(x₁, x₂) 的等值线图，旁边是最大值函数在相同水平上的等值线，并按两者之差着色',
    'surface.window': 'x₁ 与 x₂ 从 {lo} 到 {hi}；等值线水平 {levels}',
    'surface.diagonal': '在对角线 x₁ = x₂ 上，差为 τ log 2 = {gap}（τ = {tau}）',
    'surface.point': '在圆点 ({a}, {b}) 处：lse {lse}，最大值 {max}，差 {gap}',

    'num.heading': '朴素算法与稳定算法',
    'num.hint': '朴素公式直接对每个分量取指数；稳定算法先减去最大值 {m}，再用 log1p 加上剩下的小量。',
    'num.caption': '用三种方法计算你的向量的 logsumexp',
    'num.scheme': '算法',
    'num.value': '结果',
    'num.verdict': '评判',
    'num.naive': '朴素',
    'num.shifted': '平移后直接取 log',
    'num.stable': '稳定（核心库）',
    'num.overflow': '上溢：和为 ∞',
    'num.underflow': '下溢：和为 0，而 log 0 = −∞',
    'num.rounding': '舍入：相对误差 {relative}',
    'num.ok': '正确',
    'num.reference': '参考值',
    'num.cases': '数学笔记中的例子，取 {tau}：',

    'status.notFinite': '{name} 将不再是有限数，已保留之前的向量。',
    'attr.tooMany': '{attr}：最多 {max} 个数（收到 {count} 个）',
    'attr.component': '{attr}：{name}：{reason}',
    'attr.yLength': '{attr}：有 {count} 个数，但 x 有 {n} 个；已把 y 调整为 {n} 个',
    'rows.separator': '；',
  },
};
