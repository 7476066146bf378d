#include "tests/actors/jsonrpc/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

namespace switchyard::test {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

std::string post(std::string_view body, std::string_view target, std::string_view headers) {
  std::string out = "POST ";
  out += target;
  out += " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (headers.find("Content-Type:") == std::string_view::npos)
    out += "Content-Type: application/json\r\n";
  out += headers;
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out += body;
  return out;
}

http_client::http_client(std::uint16_t port) : socket_(io_) {
  socket_.connect({net::ip::make_address("127.0.0.1"), port});
}

bool http_client::send(std::string_view bytes) {
  boost::system::error_code ec;
  net::write(socket_, net::buffer(bytes.data(), bytes.size()), ec);
  return !ec;
}

void http_client::finish_sending() {
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
}

void http_client::run(const bool& done, std::chrono::milliseconds within) {
  io_.restart();
  io_.run_for(within);
  if (done)
    return;
  boost::system::error_code ignored;
  socket_.cancel(ignored);
  io_.restart();
  io_.run();
}

std::optional<http_answer> http_client::read(std::chrono::milliseconds within) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(std::size_t{16} << 20);
  bool done = false;
  boost::system::error_code result;
  bhttp::async_read(socket_, buffer_, parser, [&](boost::system::error_code ec, std::size_t) {
    done = true;
    result = ec;
  });
  run(done, within);
  if (!done || result)
    return std::nullopt;
  return parser.release();
}

std::optional<http_answer> http_client::call(std::string_view body, std::string_view target) {
  if (!send(post(body, target)))
    return std::nullopt;
  return read();
}

bool http_client::wait_closed(std::chrono::milliseconds within) {
  bool done = false;
  boost::system::error_code result;
  std::size_t got = 0;
  char byte = 0;
  socket_.async_read_some(net::buffer(&byte, 1), [&](boost::system::error_code ec, std::size_t n) {
    done = true;
    result = ec;
    got = n;
  });
  run(done, within);
  return done && got == 0 && (result == net::error::eof || result == net::error::connection_reset);
}

} // namespace switchyard::test
