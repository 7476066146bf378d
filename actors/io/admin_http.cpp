#include "actors/io/admin_http.hpp"

#include "actors/io/acceptor.hpp"
#include "actors/io/admin_page.hpp"
#include "protocols/http/http_response.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <optional>
#include <string_view>

namespace switchyard {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr std::string_view text_plain = "text/plain; charset=utf-8";
constexpr std::string_view prometheus_text = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view text_html = "text/html; charset=utf-8";
// The status page is one self-contained document: the policy lets it run its own inline script
// and style and read this endpoint, and nothing else, so a page that reached for anything
// outside the binary would break visibly rather than quietly depend on it.
constexpr std::string_view page_headers
  = "Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; "
    "style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n";
// After the answer that ends a connection, what the client still sends is read and dropped
// for this long: closing with unread input would reset the connection and could destroy the
// answer before the client reads it.
constexpr auto linger_time = std::chrono::seconds(1);

// What one request is answered with; the views point into the pages or static text.
struct admin_answer {
  unsigned status = 200;
  std::string_view content_type = text_plain;
  std::string_view body;
  std::string_view extra_headers;
};

bool is_allowed(bhttp::verb method) {
  return method == bhttp::verb::get || method == bhttp::verb::head;
}

// The answer to a request without content; `pages` is null before the first store.
admin_answer answer_for(bhttp::verb method, std::string_view target, const admin_pages* pages) {
  if (!is_allowed(method))
    return {405, text_plain, "only GET and HEAD are served\n", "Allow: GET, HEAD\r\n"};
  auto path = target.substr(0, target.find('?'));
  if (path == "/healthz")
    return {200, text_plain, "ok\n", {}};
  if (path == "/" || path == "/index.html")
    return {200, text_html, admin_index_html(), page_headers};
  if (path != "/metrics" && path != "/status" && path != "/readyz")
    return {404, text_plain, "not found\n", {}};
  if (pages == nullptr)
    return {503, text_plain, "starting\n", {}};
  if (path == "/metrics")
    return {200, prometheus_text, pages->metrics, {}};
  if (path == "/status")
    return {200, "application/json", pages->status_json, {}};
  return {pages->ready ? 200U : 503U, text_plain, pages->readiness, {}};
}

std::string render(const admin_answer& answer, bool head_only, bool keep_alive) {
  std::string extra{"Cache-Control: no-store\r\n"};
  extra += answer.extra_headers;
  std::string out;
  http::response_head head;
  head.status = answer.status;
  head.content_type = answer.content_type;
  head.keep_alive = keep_alive;
  head.extra_headers = extra;
  http::append_response(out, head, answer.body);
  // HEAD: the header section GET would get, Content-Length included, without the content
  // (RFC 9110 §9.3.2); the body is the rendering's tail.
  if (head_only)
    out.resize(out.size() - answer.body.size());
  return out;
}

// Errors that mean the client left or was timed out: nothing is owed to it.
bool is_disconnect(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message
         || ec == beast::error::timeout || ec == net::error::eof
         || ec == net::error::operation_aborted || ec == net::error::connection_reset;
}

struct admin_http_context {
  std::shared_ptr<admin_page_board> board;
  admin_http_limits limits;
  connection_counters counters;
};

// One admin connection: reads a request, writes its answer, reads the next. An answer is
// rendered as soon as its request is read, so pipelined requests are answered in order with
// at most one answer being written.
class admin_http_session : public connection_session,
                           public std::enable_shared_from_this<admin_http_session> {
public:
  admin_http_session(tcp::socket socket, std::shared_ptr<admin_http_context> ctx)
      : stream_(std::move(socket)),
        ctx_(std::move(ctx)),
        buffer_(2 * static_cast<std::size_t>(ctx_->limits.max_header_bytes)) {
    ctx_->counters.active.fetch_add(1, std::memory_order_relaxed);
  }

  ~admin_http_session() override { ctx_->counters.active.fetch_sub(1, std::memory_order_relaxed); }

  void run() {
    net::post(stream_.get_executor(),
              beast::bind_front_handler(&admin_http_session::do_read, shared_from_this()));
  }

  void close() override {
    net::post(stream_.get_executor(),
              beast::bind_front_handler(&admin_http_session::shutdown, shared_from_this()));
  }

  // Every request read so far is answered by the time it was read: close now, or once the
  // answer being written is out.
  void drain() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->draining_ = true;
      if (!self->writing_)
        self->shutdown();
    });
  }

private:
  // Waits for a request's first bytes under the idle timeout, then reads its head under the
  // read timeout: a client may idle on a keep-alive connection, but not dribble.
  void do_read() {
    if (closed_ || draining_)
      return shutdown();
    if (buffer_.size() > 0)
      return read_request();
    stream_.expires_after(ctx_->limits.idle_timeout);
    stream_.async_read_some(
      buffer_.prepare(1024),
      beast::bind_front_handler(&admin_http_session::on_first_bytes, shared_from_this()));
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    buffer_.commit(n);
    if (ec == beast::error::timeout)
      ctx_->counters.idle_closed.fetch_add(1, std::memory_order_relaxed);
    if (ec)
      return shutdown();
    read_request();
  }

  void read_request() {
    parser_.emplace();
    parser_->header_limit(ctx_->limits.max_header_bytes);
    stream_.expires_after(ctx_->limits.read_timeout);
    bhttp::async_read_header(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&admin_http_session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (closed_ || (ec && is_disconnect(ec)))
      return shutdown();
    if (ec == bhttp::error::header_limit) {
      auto text = "request head over " + std::to_string(ctx_->limits.max_header_bytes) + " bytes\n";
      return reply(render({431, text_plain, text, {}}, false, false), true);
    }
    if (ec)
      return reply(render({400, text_plain, "malformed HTTP request\n", {}}, false, false), true);
    const auto& req = parser_->get();
    bool head_only = req.method() == bhttp::verb::head;
    // A request with content is answered without reading it, and the connection ends there:
    // where the next request would start is not worth finding.
    if (!parser_->is_done()) {
      auto refusal = is_allowed(req.method())
                       ? admin_answer{413, text_plain, "request content is not accepted\n", {}}
                       : answer_for(req.method(), req.target(), nullptr);
      return reply(render(refusal, head_only, false), true);
    }
    auto pages = ctx_->board->load();
    bool keep_alive = req.keep_alive() && !draining_;
    reply(render(answer_for(req.method(), req.target(), pages.get()), head_only, keep_alive),
          !keep_alive);
  }

  void reply(std::string bytes, bool close_after) {
    parser_.reset();
    out_ = std::move(bytes);
    close_after_ = close_after;
    writing_ = true;
    stream_.expires_after(ctx_->limits.read_timeout);
    net::async_write(stream_, net::buffer(out_),
                     beast::bind_front_handler(&admin_http_session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    if (ec || closed_ || draining_)
      return shutdown();
    if (!close_after_)
      return do_read();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(linger_time);
    linger();
  }

  // Reads and drops input until the client closes or the linger time, set once, runs out.
  void linger() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(1024),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec)
                                return self->shutdown();
                              self->linger();
                            });
  }

  void shutdown() {
    if (closed_)
      return;
    closed_ = true;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  std::shared_ptr<admin_http_context> ctx_;
  beast::flat_buffer buffer_; ///< bounded: a request head and some of the next
  std::optional<bhttp::request_parser<bhttp::empty_body>> parser_;
  std::string out_;
  bool writing_ = false;
  bool close_after_ = false;
  bool draining_ = false;
  bool closed_ = false;
};

} // namespace

void admin_page_board::store(std::shared_ptr<const admin_pages> pages) {
  current_.store(std::move(pages), std::memory_order_release);
}

std::shared_ptr<const admin_pages> admin_page_board::load() const {
  return current_.load(std::memory_order_acquire);
}

std::unique_ptr<admin_http_server>
admin_http_server::start(net::io_context& io, const std::string& address, std::uint16_t port,
                         std::shared_ptr<admin_page_board> pages, std::string& error) {
  return start(io, address, port, std::move(pages), error, admin_http_limits{});
}

std::unique_ptr<admin_http_server>
admin_http_server::start(net::io_context& io, const std::string& address, std::uint16_t port,
                         std::shared_ptr<admin_page_board> pages, std::string& error,
                         admin_http_limits limits) {
  boost::system::error_code ec;
  net::ip::make_address(address, ec);
  if (ec) {
    error = "admin HTTP endpoint: cannot listen on " + address + ":" + std::to_string(port)
            + ": not an IP address (" + ec.message() + ")";
    return nullptr;
  }
  auto ctx = std::make_shared<admin_http_context>();
  ctx->board = pages ? std::move(pages) : std::make_shared<admin_page_board>();
  ctx->limits = limits;
  config::listener_settings settings;
  settings.name = "admin_http";
  settings.address = address;
  settings.port = port;
  settings.max_connections = limits.max_connections;
  // The factory holds the context, so the counters live as long as the acceptor's state.
  session_factory factory;
  factory.plain = [ctx](tcp::socket socket) -> std::shared_ptr<connection_session> {
    auto session = std::make_shared<admin_http_session>(std::move(socket), ctx);
    session->run();
    return session;
  };
  auto listening = std::make_unique<acceptor>(io, settings, nullptr, ctx->counters, factory);
  if (auto failure = listening->start(); !failure.empty()) {
    error = "admin HTTP endpoint: " + failure;
    return nullptr;
  }
  error.clear();
  return std::unique_ptr<admin_http_server>(new admin_http_server(std::move(listening)));
}

admin_http_server::admin_http_server(std::unique_ptr<acceptor> listening)
    : acceptor_(std::move(listening)) {}

admin_http_server::~admin_http_server() {
  stop();
}

std::uint16_t admin_http_server::port() const noexcept {
  return acceptor_->port();
}

void admin_http_server::stop() {
  acceptor_->stop();
}

} // namespace switchyard
