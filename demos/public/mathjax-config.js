// MathJax 4 for the mathlets pages: served from this site (no CDN), SVG output with a local font
// cache (the glyphs then also work inside shadow roots), formulas typeset lazily as they scroll in,
// and every rendered formula marked so that browser translation leaves it alone.
// A classic script: it must run before MathJax, so it sets window.MathJax and then loads tex-svg.js.
(function () {
  // This file lives at the site root; MathJax and its font are served next to it.
  var site = new URL('.', document.currentScript.src);

  // Runs on every render pass, including the lazy ones: a formula typeset after scrolling is a new
  // element, so marking once after startup would miss it.
  function protect(item) {
    var root = item.typesetRoot;
    if (root?.classList) {
      root.classList.add('notranslate');
      root.setAttribute('translate', 'no');
    }
  }

  // A typeset formula is one or more <svg role="img"> (more when an inline formula breaks across
  // lines). MathJax's speech engine names it later, from a worker (seconds on a busy page, never
  // if speech is turned off in its menu): it adds <mjx-speech role="img" aria-label="x sub 1 ...">
  // and hides the SVGs. Until then the SVGs are images without a name, which a screen reader skips
  // or reads as "image". So the first one is named by the formula's TeX, and the other pieces of
  // the same formula are hidden, so that it is read once.
  function label(item) {
    var root = item.typesetRoot;
    if (!root?.children) return;
    var tex = String(item.math ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    var first = true;
    for (var svg of root.children) {
      if (svg.localName !== 'svg' || svg.getAttribute('aria-hidden') === 'true') continue;
      if (first && tex) svg.setAttribute('aria-label', tex);
      else svg.setAttribute('aria-hidden', 'true');
      first = false;
    }
  }

  // ui/lazy typesets the formulas that scrolled into view in an idle callback with no deadline, and
  // drops those that left the view before it ran: on a page kept busy (a widget loading, its plots
  // redrawn as a worker's results arrive, a slow machine) formulas scrolled past were never typeset.
  // A deadline makes the batch run within a few frames however busy the page is.
  var LAZY_DEADLINE_MS = 100;
  function typesetLazyBatchesPromptly(doc) {
    if (typeof doc.lazyHandleSet !== 'function' || !window.requestIdleCallback) return;
    var handle = doc.lazyHandleSet.bind(doc);
    doc.lazyProcessSet = function () {
      afterWidgetsInView(function () {
        window.requestIdleCallback(handle, { timeout: LAZY_DEADLINE_MS });
      });
    };
  }

  // The demo the reader jumped to comes before the formulas around it: while a widget in view is
  // loading, or about to (its host's data-state: its own observer may see the jump after MathJax's),
  // a lazy batch waits until it is ready or has failed, at most WIDGET_FIRST_MS. On the logsumexp
  // page the formulas beside the demo took about 90 ms of the main thread within the widget's 450 ms
  // from the jump to ready. Widgets loading out of view (a viewport ahead of a reader scrolling)
  // hold nothing up.
  var WIDGET_FIRST_MS = 600;
  function loadingInView() {
    var hosts = document.querySelectorAll('[data-state="loading"], [data-state="placeholder"]');
    return Array.prototype.some.call(hosts, function (host) {
      if (host.localName.indexOf('mathlet-') !== 0) return false;
      var box = host.getBoundingClientRect();
      return box.top < window.innerHeight && box.bottom > 0;
    });
  }
  function afterWidgetsInView(run) {
    if (!loadingInView()) return run();
    var timer;
    var settle = function () {
      if (timer === null || loadingInView()) return;
      go();
    };
    var go = function () {
      clearTimeout(timer);
      timer = null;
      document.removeEventListener('mathlet-ready', settle);
      document.removeEventListener('mathlet-error', settle);
      run();
    };
    document.addEventListener('mathlet-ready', settle);
    document.addEventListener('mathlet-error', settle);
    timer = setTimeout(go, WIDGET_FIRST_MS);
  }

  window.MathJax = {
    startup: {
      ready: function () {
        window.MathJax.startup.defaultReady();
        typesetLazyBatchesPromptly(window.MathJax.startup.document);
      },
    },
    loader: {
      paths: { mathjax: new URL('mathjax', site).href, fonts: new URL('fonts', site).href },
      load: ['ui/lazy'],
    },
    tex: {
      inlineMath: [['\\(', '\\)']],
      displayMath: [['\\[', '\\]']],
      macros: {
        lse: '\\operatorname{lse}',
        softmax: '\\operatorname{softmax}',
        KL: '\\operatorname{KL}',
      },
    },
    svg: { fontCache: 'local' },
    options: {
      lazyMargin: '300px',
      renderActions: {
        protectFromTranslation: [
          201,
          function (doc) {
            for (var item of doc.math) protect(item);
          },
          function (item) {
            protect(item);
          },
        ],
        nameFormulas: [
          202,
          function (doc) {
            for (var item of doc.math) label(item);
          },
          function (item) {
            label(item);
          },
        ],
      },
    },
  };

  var script = document.createElement('script');
  script.src = new URL('mathjax/tex-svg.js', site).href;
  script.async = true;
  document.head.appendChild(script);
})();
