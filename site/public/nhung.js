/* Embeds a page of the transparency portal on another website:
   <script src="https://<portal>/nhung.js" data-nhung="lich-tiep-cong-dan" async></script>
   Inserts an iframe after the script tag and keeps its height equal to its content's, from
   messages that only the portal's own origin and that very iframe may send. */
(function () {
  var script = document.currentScript;
  if (!script || !window.postMessage || !window.URL) return;
  var origin = new URL(script.src).origin;
  var which = script.getAttribute('data-nhung') || 'lich-tiep-cong-dan';
  if (!/^[a-z-]+$/.test(which)) return;
  var frame = document.createElement('iframe');
  frame.src = origin + '/nhung/' + which + '/';
  frame.title = script.getAttribute('data-tieu-de') || 'Thông tin từ cổng công khai';
  frame.loading = 'lazy';
  frame.style.cssText = 'display:block;width:100%;height:320px;border:0';
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener('message', function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (data && data.type === 'cong-khai:height' && typeof data.height === 'number' && data.height > 0 && data.height < 10000) {
      frame.style.height = Math.ceil(data.height) + 'px';
    }
  });
})();
