#include "actors/iso8583/iso_listener.hpp"

#include "actors/io/log.hpp"
#include "actors/iso8583/iso_session.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <mutex>
#include <vector>

namespace switchyard {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct iso_listener::impl : std::enable_shared_from_this<impl> {
  impl(net::io_context& io, std::shared_ptr<iso_listener_context> c)
      : io_context(io),
        acceptor(net::make_strand(io)),
        retry_timer(acceptor.get_executor()),
        ctx(std::move(c)) {}

  void do_accept() {
    acceptor.async_accept(
      net::make_strand(io_context),
      [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        self->on_accept(ec, std::move(socket));
      });
  }

  void on_accept(const boost::system::error_code& ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open() || stopped)
      return;
    if (!ec) {
      admit(std::move(socket));
      return do_accept();
    }
    // Out of descriptors (EMFILE) and the like: the connection stays in the backlog, so
    // accepting again at once would spin. Count, log, and try again a little later.
    ctx->counters.rejected_over_limit.fetch_add(1, std::memory_order_relaxed);
    log(log_level::warn, ctx->settings.name, "accept failed: " + ec.message());
    retry_timer.expires_after(std::chrono::milliseconds(200));
    retry_timer.async_wait([self = shared_from_this()](boost::system::error_code e) {
      if (!e && !self->stopped)
        self->do_accept();
    });
  }

  void admit(tcp::socket socket) {
    if (stopped)
      return;
    auto& counters = ctx->counters;
    if (counters.active.load() >= ctx->settings.max_connections) {
      counters.rejected_over_limit.fetch_add(1, std::memory_order_relaxed);
      log(log_level::warn, ctx->settings.name, "connection limit reached: refusing a client");
      return;
    }
    counters.accepted.fetch_add(1, std::memory_order_relaxed);
    socket.set_option(tcp::no_delay(true));
    std::shared_ptr<iso_session_base> session;
    if (ctx->tls) {
      auto s = std::make_shared<tls_iso_session>(
        net::ssl::stream<tcp::socket>(std::move(socket), *ctx->tls), ctx);
      s->run();
      session = s;
    } else {
      auto s = std::make_shared<plain_iso_session>(std::move(socket), ctx);
      s->run();
      session = s;
    }
    remember(session);
  }

  void remember(const std::shared_ptr<iso_session_base>& session) {
    std::lock_guard<std::mutex> guard{mutex};
    std::erase_if(sessions, [](const auto& w) { return w.expired(); });
    sessions.push_back(session);
  }

  template <class F>
  void for_each_session(F f) {
    std::vector<std::weak_ptr<iso_session_base>> all;
    {
      std::lock_guard<std::mutex> guard{mutex};
      all = sessions;
    }
    for (auto& w : all)
      if (auto s = w.lock())
        f(*s);
  }

  void close_all() {
    std::vector<std::weak_ptr<iso_session_base>> all;
    {
      std::lock_guard<std::mutex> guard{mutex};
      all.swap(sessions);
    }
    for (auto& w : all)
      if (auto s = w.lock())
        s->close();
  }

  net::io_context& io_context;
  tcp::acceptor acceptor;
  net::steady_timer retry_timer;
  bool stopped = false; // on the acceptor's strand
  std::shared_ptr<iso_listener_context> ctx;
  std::mutex mutex;
  std::vector<std::weak_ptr<iso_session_base>> sessions;
  std::uint16_t port = 0;
};

iso_listener::iso_listener(net::io_context& io, std::shared_ptr<iso_listener_context> ctx)
    : impl_(std::make_shared<impl>(io, ctx)), ctx_(std::move(ctx)) {}

iso_listener::~iso_listener() {
  stop();
}

std::string iso_listener::start() {
  const auto& s = ctx_->settings;
  boost::system::error_code ec;
  auto address = net::ip::make_address(s.address, ec);
  if (ec)
    return "invalid listener address " + s.address + ": " + ec.message();
  tcp::endpoint endpoint{address, s.port};
  auto& a = impl_->acceptor;
  if (a.open(endpoint.protocol(), ec); !ec)
    a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec)
    a.bind(endpoint, ec);
  if (!ec)
    a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return "cannot listen on " + s.address + ":" + std::to_string(s.port) + ": " + ec.message();
  impl_->port = a.local_endpoint().port();
  impl_->do_accept();
  return {};
}

void iso_listener::drain() {
  net::post(impl_->acceptor.get_executor(), [self = impl_] {
    self->stopped = true;
    self->retry_timer.cancel();
    boost::system::error_code ignored;
    self->acceptor.close(ignored);
    self->for_each_session([](iso_session_base& s) { s.drain(); });
  });
}

std::uint16_t iso_listener::port() const noexcept {
  return impl_->port;
}

// On the acceptor's strand, so an accept already completing cannot admit a session after
// the sessions were closed.
void iso_listener::stop() {
  net::post(impl_->acceptor.get_executor(), [self = impl_] {
    self->stopped = true;
    self->retry_timer.cancel();
    boost::system::error_code ignored;
    self->acceptor.close(ignored);
    self->close_all();
  });
}

} // namespace switchyard
