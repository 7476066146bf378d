#include "tests/integration/iso_test_client.hpp"

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include <stdexcept>

namespace switchyard::testing {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct iso_test_client::impl {
  net::io_context io;
  net::ssl::context ssl{net::ssl::context::tls_client};
  tcp::socket socket{io};
  std::unique_ptr<net::ssl::stream<tcp::socket&>> tls;
  std::string in;
  iso8583::framing_settings framing;

  // Runs the io_context until `done` or `timeout`; returns false on timeout.
  bool run_until(const bool& done, std::chrono::milliseconds timeout) {
    io.restart();
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done && std::chrono::steady_clock::now() < deadline)
      io.run_one_until(deadline);
    if (!done) {
      socket.cancel();
      io.restart();
      io.run_for(std::chrono::milliseconds(100));
    }
    return done;
  }

  // Reads more bytes into `in`; false on timeout or error.
  bool read_more(std::chrono::milliseconds timeout, boost::system::error_code& ec) {
    char buf[4096];
    std::size_t n = 0;
    bool done = false;
    auto handler = [&](boost::system::error_code e, std::size_t k) {
      ec = e;
      n = k;
      done = true;
    };
    if (tls)
      tls->async_read_some(net::buffer(buf), handler);
    else
      socket.async_read_some(net::buffer(buf), handler);
    if (!run_until(done, timeout))
      return false;
    in.append(buf, n);
    return !ec;
  }
};

iso_test_client::iso_test_client(std::uint16_t port, std::optional<client_tls> tls)
    : impl_(std::make_unique<impl>()) {
  impl_->socket.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
  if (!tls)
    return;
  if (!tls->ca.empty())
    impl_->ssl.load_verify_file(tls->ca);
  if (!tls->cert.empty()) {
    impl_->ssl.use_certificate_chain_file(tls->cert);
    impl_->ssl.use_private_key_file(tls->key, net::ssl::context::pem);
  }
  impl_->ssl.set_verify_mode(net::ssl::verify_peer);
  impl_->tls = std::make_unique<net::ssl::stream<tcp::socket&>>(impl_->socket, impl_->ssl);
  impl_->tls->handshake(net::ssl::stream_base::client);
}

iso_test_client::~iso_test_client() = default;

void iso_test_client::send(const iso8583::message& m) {
  std::string body;
  auto r = iso8583::pack(m, iso8583::iso87_ascii(), body);
  if (!r.ok())
    throw std::runtime_error("cannot pack test message: " + iso8583::to_string(r));
  std::string frame;
  iso8583::encode_frame({}, iso8583::as_byte_view(body), impl_->framing, frame);
  send_raw(frame);
}

void iso_test_client::send_raw(const std::string& bytes) {
  if (impl_->tls)
    net::write(*impl_->tls, net::buffer(bytes));
  else
    net::write(impl_->socket, net::buffer(bytes));
}

std::optional<iso8583::message> iso_test_client::receive(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto& in = impl_->in;
    auto r = iso8583::try_extract(iso8583::as_byte_view(in), impl_->framing);
    if (r.status == iso8583::frame_status::complete) {
      iso8583::message m;
      auto u = iso8583::unpack(r.message, iso8583::iso87_ascii(), m);
      in.erase(0, r.consumed);
      if (!u.ok())
        throw std::runtime_error("undecodable response: " + iso8583::to_string(u));
      return m;
    }
    if (r.status == iso8583::frame_status::error)
      throw std::runtime_error("unframeable response");
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    boost::system::error_code ec;
    if (left.count() <= 0 || !impl_->read_more(left, ec))
      return std::nullopt;
  }
}

bool iso_test_client::is_closed_by_peer(std::chrono::milliseconds timeout) {
  boost::system::error_code ec;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (!impl_->read_more(left, ec))
      return ec == net::error::eof || ec == net::error::connection_reset
             || ec == net::ssl::error::stream_truncated;
  }
  return false;
}

iso8583::message make_request(const std::string& pan, std::uint64_t amount, const std::string& stan,
                              const std::string& mti, const std::string& terminal) {
  iso8583::message m;
  m.set_mti(mti);
  m.set(2, pan);
  m.set(3, "000000");
  m.set_uint(4, amount, 12);
  m.set(7, "1122060000");
  m.set(11, stan);
  m.set(12, "060000");
  m.set(13, "1122");
  m.set(41, terminal);
  m.set(42, "MERCHANT0000001");
  m.set(49, "840");
  return m;
}

} // namespace switchyard::testing
