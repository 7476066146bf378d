#include "actors/iso8583/iso_listener.hpp"

#include "actors/iso8583/iso_session.hpp"

#include <boost/asio/io_context.hpp>

namespace switchyard {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

template <class Session, class Stream>
std::shared_ptr<connection_session> start_session(Stream stream,
                                                  const std::shared_ptr<iso_listener_context>& c) {
  auto s = std::make_shared<Session>(std::move(stream), c);
  s->run();
  return s;
}

} // namespace

iso_listener::iso_listener(net::io_context& io, std::shared_ptr<iso_listener_context> ctx)
    : ctx_(std::move(ctx)) {
  session_factory sessions;
  sessions.plain = [c = ctx_](tcp::socket socket) {
    return start_session<plain_iso_session>(std::move(socket), c);
  };
  sessions.tls = [c = ctx_](net::ssl::stream<tcp::socket> stream) {
    return start_session<tls_iso_session>(std::move(stream), c);
  };
  acceptor_ = std::make_unique<acceptor>(io, ctx_->settings, ctx_->tls, ctx_->counters,
                                         std::move(sessions));
}

std::string iso_listener::start() {
  return acceptor_->start();
}

std::uint16_t iso_listener::port() const noexcept {
  return acceptor_->port();
}

void iso_listener::drain() {
  acceptor_->drain();
}

void iso_listener::stop() {
  acceptor_->stop();
}

} // namespace switchyard
