/* Inside an embed: tells the page that frames it how tall the content is. Only a number is
   sent, so any parent may receive it; nhung.js accepts it only from this origin and frame. */
(function () {
  if (window.parent === window) return;
  var last = 0;
  function send() {
    // The body's own bottom edge, not the document's scrollHeight: that never falls below the
    // frame's height, so a frame could grow with its content but never shrink back.
    var body = document.body;
    var height = Math.ceil(body.getBoundingClientRect().bottom + parseFloat(getComputedStyle(body).marginBottom || '0'));
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'cong-khai:height', height: height }, '*');
  }
  window.addEventListener('load', send);
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
  else window.addEventListener('resize', send);
})();
