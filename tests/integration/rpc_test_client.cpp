#include "tests/integration/rpc_test_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/parse.hpp>

#include <stdexcept>

namespace switchyard::testing {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

struct rpc_test_client::impl {
  net::io_context io;
  tcp::socket socket{io};
  boost::beast::flat_buffer in;

  // Runs the io_context until `done` or `timeout`; on timeout the pending operation is
  // cancelled (and its handler run) before returning false.
  bool run_until(const bool& done, std::chrono::milliseconds timeout) {
    io.restart();
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done && std::chrono::steady_clock::now() < deadline)
      io.run_one_until(deadline);
    if (!done) {
      boost::system::error_code ignored;
      socket.cancel(ignored);
      io.restart();
      io.run_for(std::chrono::milliseconds(100));
      return false;
    }
    return true;
  }
};

rpc_test_client::rpc_test_client(std::uint16_t port) : impl_(std::make_unique<impl>()) {
  impl_->socket.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
  impl_->socket.set_option(tcp::no_delay(true));
}

rpc_test_client::~rpc_test_client() = default;

bool rpc_test_client::send_raw(const std::string& bytes) {
  boost::system::error_code ec;
  net::write(impl_->socket, net::buffer(bytes), ec);
  return !ec;
}

std::optional<http_answer> rpc_test_client::receive(std::chrono::milliseconds timeout) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(64U << 20);
  boost::system::error_code ec;
  bool done = false;
  http::async_read(impl_->socket, impl_->in, parser, [&](boost::system::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  if (!impl_->run_until(done, timeout) || ec)
    return std::nullopt;
  auto response = parser.release();
  return http_answer{response.result_int(), response.keep_alive(), std::move(response.body())};
}

std::optional<http_answer> rpc_test_client::post(const std::string& body, const std::string& target,
                                                 std::chrono::milliseconds timeout) {
  if (!send_raw(post_request(body, target)))
    return std::nullopt;
  return receive(timeout);
}

bool rpc_test_client::is_closed_by_peer(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return false;
    boost::system::error_code ec;
    std::size_t n = 0;
    bool done = false;
    impl_->socket.async_read_some(impl_->in.prepare(4096),
                                  [&](boost::system::error_code e, std::size_t k) {
                                    ec = e;
                                    n = k;
                                    done = true;
                                  });
    if (!impl_->run_until(done, left))
      return false;
    impl_->in.commit(n);
    if (ec)
      return ec == net::error::eof || ec == net::error::connection_reset;
  }
}

std::string post_request(const std::string& body, const std::string& target) {
  return "POST " + target
         + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
         + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string rpc_call(const std::string& method, const std::string& id) {
  std::string out = R"({"jsonrpc":"2.0","method":")" + method + R"(","params":[])";
  if (!id.empty())
    out += R"(,"id":)" + id;
  return out + "}";
}

std::string rpc_batch(const std::vector<std::string>& calls) {
  std::string out = "[";
  for (const auto& call : calls) {
    if (out.size() > 1)
      out += ',';
    out += call;
  }
  return out + "]";
}

boost::json::value parse_json(const std::string& text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec)
    throw std::runtime_error("not JSON (" + ec.message() + "): " + text);
  return value;
}

bool is_gateway_error(const boost::json::value& answer, const std::string& network) {
  const auto* object = answer.if_object();
  if (object == nullptr || object->contains("result") || !object->contains("error"))
    return false;
  const auto* error = object->at("error").if_object();
  if (error == nullptr || !error->contains("code") || !error->contains("data"))
    return false;
  const auto* code = error->at("code").if_int64();
  const auto* data = error->at("data").if_object();
  if (code == nullptr || *code < -32099 || *code > -32000 || data == nullptr)
    return false;
  const auto* name = data->if_contains("network");
  return name != nullptr && name->is_string() && name->as_string() == network;
}

http_answer http_get(std::uint16_t port, const std::string& target) {
  rpc_test_client client{port};
  if (!client.send_raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
    throw std::runtime_error("GET " + target + ": the connection took no request");
  auto answer = client.receive(std::chrono::seconds(5));
  if (!answer)
    throw std::runtime_error("GET " + target + ": no answer within 5 s");
  return *answer;
}

} // namespace switchyard::testing
