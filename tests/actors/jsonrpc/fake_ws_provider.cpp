#include "tests/actors/jsonrpc/fake_ws_provider.hpp"

#include "protocols/jsonrpc/json_text.hpp"
#include "protocols/jsonrpc/rpc.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <deque>
#include <future>
#include <mutex>
#include <thread>

namespace switchyard::test {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;

namespace {

// The answer to a single call `text`, as a provider gives it; `subscribe` makes a new id.
template <class Subscribe, class Unsubscribe>
std::string answer_of(const std::string& text, Subscribe subscribe, Unsubscribe unsubscribe) {
  auto body = jsonrpc::parse_request_body(text, {});
  if (body.error || body.calls.size() != 1)
    return R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"one call please"}})";
  const auto& call = body.calls.front();
  std::string result = R"("0x1")";
  if (call.method == "eth_subscribe") {
    result.clear();
    jsonrpc::append_json_string(result, subscribe());
  } else if (call.method == "eth_unsubscribe") {
    auto params = jsonrpc::elements_of(call.params);
    unsubscribe(params.empty() ? std::string{} : jsonrpc::unescape_string(params.front()));
    result = "true";
  }
  std::string out;
  jsonrpc::append_result(out, call.id, result);
  return out;
}

} // namespace

struct fake_ws_provider::impl : std::enable_shared_from_this<impl> {
  // One client connection: HTTP until it upgrades.
  struct connection : std::enable_shared_from_this<connection> {
    connection(impl& owner, tcp::socket s) : provider(owner), socket(std::move(s)) {}

    void read_request() {
      request = {};
      bhttp::async_read(socket, buffer, request,
                        [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
                          if (!ec)
                            self->on_request();
                        });
    }

    void on_request() {
      if (websocket::is_upgrade(request)) {
        ws = std::make_unique<websocket::stream<tcp::socket&>>(socket);
        ws->async_accept(request, [self = shared_from_this()](boost::beast::error_code ec) {
          if (!ec)
            self->read_message();
        });
        return;
      }
      auto& res = response.emplace(bhttp::status::ok, request.version());
      res.set(bhttp::field::content_type, "application/json");
      res.body() = provider.answer(request.body(), *this);
      res.prepare_payload();
      bhttp::async_write(socket, res,
                         [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
                           if (!ec)
                             self->read_request();
                         });
    }

    void read_message() {
      ws->async_read(buffer, [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
        if (ec)
          return self->provider.forget(*self);
        auto text = boost::beast::buffers_to_string(self->buffer.data());
        self->buffer.consume(self->buffer.size());
        self->write(self->provider.answer(text, *self));
        self->read_message();
      });
    }

    void write(std::string text) {
      out.push_back(std::move(text));
      if (out.size() == 1)
        do_write();
    }

    void do_write() {
      ws->text(true);
      ws->async_write(net::buffer(out.front()),
                      [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
                        if (ec)
                          return;
                        self->out.pop_front();
                        if (!self->out.empty())
                          self->do_write();
                      });
    }

    impl& provider;
    tcp::socket socket;
    boost::beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> request;
    std::optional<bhttp::response<bhttp::string_body>> response;
    std::unique_ptr<websocket::stream<tcp::socket&>> ws;
    std::deque<std::string> out;
  };

  struct subscription {
    std::string id;
    std::weak_ptr<connection> on;
  };

  void accept() {
    acceptor.async_accept([self = shared_from_this()](boost::system::error_code ec, tcp::socket s) {
      if (ec)
        return;
      auto c = std::make_shared<connection>(*self, std::move(s));
      self->connections.push_back(c);
      c->read_request();
      self->accept();
    });
  }

  std::string answer(const std::string& text, connection& c) {
    return answer_of(
      text,
      [&] {
        std::lock_guard guard{mutex};
        auto id = "0xfeed" + std::to_string(++next_id);
        subs.push_back({id, c.weak_from_this()});
        return id;
      },
      [&](const std::string& id) {
        std::lock_guard guard{mutex};
        unsubscribed.push_back(id);
        std::erase_if(subs, [&](const auto& s) { return s.id == id; });
      });
  }

  void forget(connection& c) {
    std::lock_guard guard{mutex};
    std::erase_if(subs, [&](const auto& s) { return s.on.expired() || s.on.lock().get() == &c; });
  }

  net::io_context io;
  net::executor_work_guard<net::io_context::executor_type> work{io.get_executor()};
  tcp::acceptor acceptor{io, {net::ip::make_address("127.0.0.1"), 0}};
  std::vector<std::weak_ptr<connection>> connections; // on the I/O thread
  mutable std::mutex mutex;
  std::vector<subscription> subs;
  std::vector<std::string> unsubscribed;
  std::uint64_t next_id = 0;
  std::thread thread;
};

fake_ws_provider::fake_ws_provider() : impl_(std::make_shared<impl>()) {
  impl_->accept();
  impl_->thread = std::thread([i = impl_] { i->io.run(); });
}

fake_ws_provider::~fake_ws_provider() {
  kill();
  impl_->work.reset();
  impl_->io.stop();
  impl_->thread.join();
}

std::uint16_t fake_ws_provider::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void fake_ws_provider::push(std::uint64_t number) {
  net::post(impl_->io, [i = impl_, number] {
    std::vector<impl::subscription> subs;
    {
      std::lock_guard guard{i->mutex};
      subs = i->subs;
    }
    for (auto& s : subs) {
      auto c = s.on.lock();
      if (!c || !c->ws)
        continue;
      c->write(R"({"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":")" + s.id
               + R"(","result":{"number":")" + std::to_string(number) + R"("}}})");
    }
  });
}

void fake_ws_provider::kill() {
  std::promise<void> done;
  net::post(impl_->io, [i = impl_, &done] {
    boost::system::error_code ignored;
    i->acceptor.close(ignored);
    for (auto& w : i->connections)
      if (auto c = w.lock())
        c->socket.close(ignored);
    i->connections.clear();
    done.set_value();
  });
  done.get_future().wait();
}

std::vector<std::string> fake_ws_provider::subscriptions() const {
  std::lock_guard guard{impl_->mutex};
  std::vector<std::string> out;
  for (auto& s : impl_->subs)
    out.push_back(s.id);
  return out;
}

std::vector<std::string> fake_ws_provider::unsubscribed() const {
  std::lock_guard guard{impl_->mutex};
  return impl_->unsubscribed;
}

} // namespace switchyard::test
