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
  // Each embed its own accessible name, so a page with two embeds names both.
  var titles = {
    'lich-tiep-cong-dan': 'Lịch tiếp công dân',
    'cong-khai-moi': 'Nội dung mới công khai',
    'thu-tuc-hanh-chinh': 'Kết quả giải quyết thủ tục hành chính',
    'lay-y-kien': 'Đang lấy ý kiến Nhân dân',
    'quyet-dinh-moi': 'Nhân dân mới bàn và quyết định',
    'giam-sat': 'Kết quả kiểm tra, giám sát'
  };
  // Where each embed's full page is, for the note shown when the frame is refused.
  var pages = {
    'cong-khai-moi': 'cong-khai',
    'thu-tuc-hanh-chinh': 'thong-ke/thu-tuc-hanh-chinh',
    'quyet-dinh-moi': 'nhan-dan-quyet-dinh'
  };
  frame.title = script.getAttribute('data-tieu-de') || titles[which] || 'Thông tin từ cổng công khai';
  frame.loading = 'lazy';
  // Never narrower than a small phone's screen; the height follows the content both ways.
  frame.style.cssText = 'display:block;width:100%;min-width:320px;height:320px;border:0';
  script.parentNode.insertBefore(frame, script.nextSibling);
  var answered = false;
  window.addEventListener('message', function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (data && data.type === 'cong-khai:height' && typeof data.height === 'number' && data.height > 0 && data.height < 10000) {
      answered = true;
      frame.style.height = Math.ceil(data.height) + 'px';
    }
  });
  // A frame the portal refuses (this site is not in its list) loads the browser's error page,
  // which never reports a height: say why, and where the portal's administrator fixes it.
  frame.addEventListener('load', function () {
    setTimeout(function () {
      if (answered || !frame.parentNode) return;
      var note = document.createElement('p');
      note.style.cssText = 'border:1px solid #b36b00;padding:.6rem;font:inherit';
      note.appendChild(document.createTextNode('Không hiển thị được "' + frame.title + '": cổng công khai chưa cho phép trang ' + location.origin +
        ' nhúng nội dung. Người quản trị cổng thêm địa chỉ này vào mục "Trang web được phép nhúng" (trang quản trị, Đơn vị). Xem trực tiếp: '));
      var link = document.createElement('a');
      link.href = origin + '/' + (pages[which] || which) + '/';
      link.textContent = link.href;
      note.appendChild(link);
      frame.parentNode.replaceChild(note, frame);
    }, 4000);
  });
})();
