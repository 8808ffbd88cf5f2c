/* Inside an embed: tells the page that frames it how tall the content is. Only a number is
   sent, so any parent may receive it; nhung.js accepts it only from this origin and frame. */
(function () {
  if (window.parent === window) return;
  var last = 0;
  function send() {
    var height = document.documentElement.scrollHeight;
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'cong-khai:height', height: height }, '*');
  }
  window.addEventListener('load', send);
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.documentElement);
  else window.addEventListener('resize', send);
})();
