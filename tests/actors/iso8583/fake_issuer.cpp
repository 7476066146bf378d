#include "tests/actors/iso8583/fake_issuer.hpp"

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/framing.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/response.hpp"
#include "protocols/iso8583/unpacker.hpp"

#include <boost/asio/write.hpp>

#include <list>

namespace switchyard::test {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct fake_issuer::impl : std::enable_shared_from_this<impl> {
  struct connection {
    explicit connection(tcp::socket s) : socket(std::move(s)) {}

    tcp::socket socket;
    std::vector<std::uint8_t> in = std::vector<std::uint8_t>(65536);
    std::size_t used = 0;
  };

  explicit impl(net::io_context& io) : acceptor(io, {net::ip::make_address("127.0.0.1"), 0}) {}

  void accept() {
    acceptor.async_accept([self = shared_from_this()](auto ec, tcp::socket s) {
      if (ec)
        return;
      self->connections.push_back(std::make_shared<connection>(std::move(s)));
      if (!self->stalled)
        self->read(self->connections.back());
      self->accept();
    });
  }

  void read(const std::shared_ptr<connection>& c) {
    c->socket.async_read_some(net::buffer(c->in.data() + c->used, c->in.size() - c->used),
                              [self = shared_from_this(), c](auto ec, std::size_t n) {
                                if (ec) {
                                  self->connections.remove(c);
                                  return;
                                }
                                c->used += n;
                                self->extract(*c);
                                self->read(c);
                              });
  }

  void extract(connection& c) {
    std::size_t pos = 0;
    iso8583::framing_settings framing;
    for (;;) {
      auto r = iso8583::try_extract({c.in.data() + pos, c.used - pos}, framing);
      if (r.status != iso8583::frame_status::complete)
        break;
      iso8583::message m;
      if (iso8583::unpack(r.message, iso8583::iso87_ascii(), m).ok()) {
        received.push_back(m);
        respond(c, m);
      }
      pos += r.consumed;
    }
    std::copy(c.in.begin() + static_cast<long>(pos), c.in.begin() + static_cast<long>(c.used),
              c.in.begin());
    c.used -= pos;
  }

  void respond(connection& c, const iso8583::message& m) {
    bool management = m.mti() == "0800";
    if ((!management && answer_code.empty()) || !iso8583::is_request_mti(m.mti()))
      return;
    auto response = iso8583::make_response(m);
    if (!response)
      return;
    if (management)
      response->set(70, m.get(70));
    response->set(39, management ? std::string{"00"} : answer_code);
    write(c, *response);
  }

  void write(connection& c, const iso8583::message& m) {
    std::string body;
    if (!iso8583::pack(m, iso8583::iso87_ascii(), body).ok())
      return;
    auto frame = std::make_shared<std::string>();
    frame->push_back(static_cast<char>(body.size() >> 8));
    frame->push_back(static_cast<char>(body.size() & 0xff));
    *frame += body;
    net::async_write(c.socket, net::buffer(*frame), [frame](auto, std::size_t) {});
  }

  tcp::acceptor acceptor;
  std::list<std::shared_ptr<connection>> connections;
  std::vector<iso8583::message> received;
  std::string answer_code;
  bool stalled = false;
};

fake_issuer::fake_issuer(net::io_context& io, bool stalled) : impl_(std::make_shared<impl>(io)) {
  impl_->stalled = stalled;
  if (stalled) // accepted sockets inherit it: the kernel buffers little before the link must
    impl_->acceptor.set_option(net::socket_base::receive_buffer_size(4096));
  impl_->acceptor.listen();
  impl_->accept();
}

fake_issuer::~fake_issuer() {
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
  cut();
}

std::uint16_t fake_issuer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

const std::vector<iso8583::message>& fake_issuer::received() const {
  return impl_->received;
}

std::size_t fake_issuer::connections() const {
  return impl_->connections.size();
}

void fake_issuer::answer_with(std::string code) {
  impl_->answer_code = std::move(code);
}

void fake_issuer::send(const iso8583::message& m) {
  for (auto& c : impl_->connections)
    impl_->write(*c, m);
}

void fake_issuer::cut() {
  for (auto& c : impl_->connections) {
    boost::system::error_code ignored;
    c->socket.shutdown(tcp::socket::shutdown_both, ignored);
    c->socket.close(ignored);
  }
  impl_->connections.clear();
}

} // namespace switchyard::test
