#include "tests/actors/jsonrpc/fake_provider.hpp"

#include "protocols/jsonrpc/rpc.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <deque>
#include <optional>

namespace switchyard::test {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

provider_reply provider_reply::result(const provider_call& call, std::string_view result) {
  provider_reply r;
  r.body = R"({"jsonrpc":"2.0","id":)" + call.id + R"(,"result":)" + std::string{result} + "}";
  return r;
}

namespace {

provider_call read_call(std::string body) {
  provider_call c;
  auto parsed = jsonrpc::parse_request_body(body, {});
  if (!parsed.error && !parsed.batch && parsed.calls.size() == 1 && !parsed.calls[0].error) {
    const auto& call = parsed.calls[0];
    c.id = call.id;
    c.method = call.method;
    c.params = call.params;
  }
  c.body = std::move(body);
  return c;
}

provider_reply default_reply(const provider_call& call) {
  if (call.id.empty()) {
    provider_reply r;
    r.status = 204;
    return r;
  }
  return provider_reply::result(call, call.params.empty() ? "null" : call.params);
}

std::string render(const provider_reply& r) {
  if (r.what == provider_reply::kind::raw)
    return r.body;
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " Scripted\r\n";
  if (r.status != 204)
    out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(r.body.size())
           + "\r\n";
  out += r.headers;
  out += "\r\n";
  if (r.status != 204)
    out += r.body;
  return out;
}

// One provider connection: requests read in order, answers written in the same order.
struct connection : std::enable_shared_from_this<connection> {
  explicit connection(tcp::socket s) : socket(std::move(s)) {}

  tcp::socket socket;
  boost::beast::flat_buffer buffer;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser;
  std::deque<std::optional<std::string>> answers; // in request order; empty: held
  std::string writing;
  bool busy = false;

  void flush() {
    if (busy || !socket.is_open())
      return;
    std::string out;
    while (!answers.empty() && answers.front()) {
      out += *answers.front();
      answers.pop_front();
    }
    if (out.empty())
      return;
    busy = true;
    writing = std::move(out);
    net::async_write(socket, net::buffer(writing),
                     [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                       self->busy = false;
                       if (!ec)
                         self->flush();
                     });
  }

  void close() {
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }
};

} // namespace

struct fake_provider::impl : std::enable_shared_from_this<impl> {
  explicit impl(net::io_context& io) : acceptor(io, {net::ip::make_address("127.0.0.1"), 0}) {}

  void do_accept() {
    acceptor.async_accept([self = shared_from_this()](boost::system::error_code ec, tcp::socket s) {
      if (ec)
        return;
      auto c = std::make_shared<connection>(std::move(s));
      self->open.push_back(c);
      self->do_read(c);
      self->do_accept();
    });
  }

  void do_read(const std::shared_ptr<connection>& c) {
    c->parser.emplace();
    c->parser->body_limit(std::size_t{16} << 20);
    bhttp::async_read(c->socket, c->buffer, *c->parser,
                      [self = shared_from_this(), c](boost::system::error_code ec, std::size_t) {
                        if (ec)
                          return c->close();
                        self->on_request(c);
                      });
  }

  void on_request(const std::shared_ptr<connection>& c) {
    calls.push_back(read_call(std::move(c->parser->get().body())));
    auto reply = script(calls.back());
    switch (reply.what) {
      case provider_reply::kind::close:
        return c->close();
      case provider_reply::kind::hold:
        c->answers.emplace_back();
        held.push_back(c);
        break;
      case provider_reply::kind::answer:
      case provider_reply::kind::raw:
        c->answers.emplace_back(render(reply));
        c->flush();
        break;
    }
    do_read(c);
  }

  tcp::acceptor acceptor;
  provider_script script = default_reply;
  std::vector<provider_call> calls;
  std::vector<std::weak_ptr<connection>> open;
  std::deque<std::weak_ptr<connection>> held; // connections of held calls, oldest call first
};

fake_provider::fake_provider(net::io_context& io) : impl_(std::make_shared<impl>(io)) {
  impl_->do_accept();
}

fake_provider::~fake_provider() {
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
  for (auto& w : impl_->open)
    if (auto c = w.lock())
      c->close();
}

std::uint16_t fake_provider::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void fake_provider::script(provider_script s) {
  impl_->script = std::move(s);
}

const std::vector<provider_call>& fake_provider::received() const {
  return impl_->calls;
}

std::size_t fake_provider::connections() const {
  std::size_t n = 0;
  for (auto& w : impl_->open)
    if (auto c = w.lock(); c && c->socket.is_open())
      ++n;
  return n;
}

bool fake_provider::release(const provider_reply& reply) {
  while (!impl_->held.empty()) {
    auto c = impl_->held.front().lock();
    impl_->held.pop_front();
    if (!c || !c->socket.is_open())
      continue;
    for (auto& a : c->answers)
      if (!a) {
        a = render(reply);
        break;
      }
    c->flush();
    return true;
  }
  return false;
}

} // namespace switchyard::test
