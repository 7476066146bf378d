#include "tests/tools/sim-jsonrpc/rpc_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <functional>
#include <stdexcept>

namespace switchyard::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

tcp::endpoint loopback(std::uint16_t port) {
  return {asio::ip::address_v4::loopback(), port};
}

// Runs `ioc` until `done` or `timeout`; on timeout the pending operation is cancelled by
// `cancel` and left to complete, so the client can be used (or destroyed) afterwards.
template <class Cancel>
bool run_until(asio::io_context& ioc, std::chrono::milliseconds timeout, const bool& done,
               Cancel&& cancel) {
  ioc.restart();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done && std::chrono::steady_clock::now() < deadline)
    if (ioc.run_one_until(deadline) == 0 && ioc.stopped())
      break;
  if (done)
    return true;
  cancel();
  ioc.restart();
  ioc.run_for(std::chrono::seconds{1});
  return false;
}

} // namespace

running_rpc_sim start_rpc_sim(std::vector<std::string> args) {
  args.insert(args.begin(), {"--listen", "127.0.0.1:0"});
  running_rpc_sim sim;
  sim.process
    = std::make_unique<child_process>(std::string(SWITCHYARD_BIN_DIR) + "/sim-jsonrpc", args);
  const auto line = sim.process->wait_for_line("listening on", std::chrono::seconds{10});
  if (!line)
    throw std::runtime_error("sim-jsonrpc did not start: " + sim.process->output());
  const std::string marker = "listening on 127.0.0.1:";
  const auto at = line->find(marker);
  if (at == std::string::npos)
    throw std::runtime_error("unexpected listening line: " + *line);
  sim.port = static_cast<std::uint16_t>(std::stoi(line->substr(at + marker.size())));
  return sim;
}

rpc_http_client::rpc_http_client(std::uint16_t port, asio::ssl::context* tls) {
  if (!tls) {
    plain_.emplace(ioc_);
    plain_->connect(loopback(port));
    return;
  }
  secure_.emplace(ioc_, *tls);
  beast::get_lowest_layer(*secure_).connect(loopback(port));
  secure_->set_verify_mode(asio::ssl::verify_peer);
  bool done = false;
  beast::error_code result;
  secure_->async_handshake(asio::ssl::stream_base::client, [&](beast::error_code ec) {
    result = ec;
    done = true;
  });
  if (!run(std::chrono::seconds{5}, done) || result)
    throw std::runtime_error("TLS handshake with sim-jsonrpc failed: " + result.message());
}

bool rpc_http_client::run(std::chrono::milliseconds timeout, const bool& done) {
  return run_until(ioc_, timeout, done, [this] {
    beast::error_code ignored;
    auto& socket = plain_ ? plain_->socket() : beast::get_lowest_layer(*secure_).socket();
    socket.cancel(ignored);
  });
}

http_outcome rpc_http_client::post(const std::string& body, const std::string& content_type,
                                   std::chrono::milliseconds timeout) {
  http::request<http::string_body> request{http::verb::post, "/", 11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::content_type, content_type);
  request.body() = body;
  request.prepare_payload();
  return exchange(std::move(request), timeout);
}

http_outcome rpc_http_client::exchange(http::request<http::string_body> request,
                                       std::chrono::milliseconds timeout) {
  http_outcome outcome;
  bool done = false;
  beast::error_code result;
  const auto on_read = [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  };
  const auto on_write = [&](beast::error_code ec, std::size_t) {
    if (ec) {
      result = ec;
      done = true;
    } else if (plain_) {
      http::async_read(*plain_, buffer_, outcome.response, on_read);
    } else {
      http::async_read(*secure_, buffer_, outcome.response, on_read);
    }
  };
  if (plain_)
    http::async_write(*plain_, request, on_write);
  else
    http::async_write(*secure_, request, on_write);
  if (!run(timeout, done))
    return outcome;
  outcome.status = result ? exchange_status::closed : exchange_status::answered;
  return outcome;
}

std::vector<http_response> rpc_http_client::exchange_raw(const std::string& bytes,
                                                         std::size_t count,
                                                         std::chrono::milliseconds timeout) {
  std::vector<http_response> responses;
  bool done = false;
  std::function<void(beast::error_code, std::size_t)> on_read;
  const auto read_next = [&] {
    responses.emplace_back();
    http::async_read(*plain_, buffer_, responses.back(), on_read);
  };
  on_read = [&](beast::error_code ec, std::size_t) {
    if (ec)
      responses.pop_back();
    if (ec || responses.size() == count)
      done = true;
    else
      read_next();
  };
  asio::async_write(*plain_, asio::buffer(bytes), [&](beast::error_code ec, std::size_t) {
    if (ec)
      done = true;
    else
      read_next();
  });
  run(timeout, done);
  return responses;
}

rpc_ws_client::rpc_ws_client(std::uint16_t port, asio::ssl::context* tls) {
  bool done = false;
  beast::error_code result;
  const auto finish = [&](beast::error_code ec) {
    result = ec;
    done = true;
  };
  const auto upgrade = [&](auto& ws) {
    ws.async_handshake("127.0.0.1", "/", finish);
  };
  if (!tls) {
    plain_.emplace(ioc_);
    beast::get_lowest_layer(*plain_).async_connect(loopback(port), [&](beast::error_code ec) {
      if (ec)
        return finish(ec);
      upgrade(*plain_);
    });
  } else {
    secure_.emplace(ioc_, *tls);
    secure_->next_layer().set_verify_mode(asio::ssl::verify_peer);
    beast::get_lowest_layer(*secure_).async_connect(loopback(port), [&](beast::error_code ec) {
      if (ec)
        return finish(ec);
      secure_->next_layer().async_handshake(asio::ssl::stream_base::client,
                                            [&](beast::error_code hs) {
                                              if (hs)
                                                return finish(hs);
                                              upgrade(*secure_);
                                            });
    });
  }
  connected_ = run(std::chrono::seconds{5}, done) && !result;
}

bool rpc_ws_client::run(std::chrono::milliseconds timeout, const bool& done) {
  return run_until(ioc_, timeout, done, [this] {
    beast::error_code ignored;
    with_stream([&](auto& ws) { beast::get_lowest_layer(ws).socket().cancel(ignored); });
  });
}

bool rpc_ws_client::send(const std::string& text) {
  bool done = false;
  beast::error_code result;
  with_stream([&](auto& ws) {
    ws.text(true);
    ws.async_write(asio::buffer(text), [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
  });
  return run(std::chrono::seconds{5}, done) && !result;
}

std::optional<std::string> rpc_ws_client::receive(std::chrono::milliseconds timeout) {
  bool done = false;
  beast::error_code result;
  with_stream([&](auto& ws) {
    ws.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
  });
  if (!run(timeout, done) || result)
    return std::nullopt;
  auto text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  return text;
}

} // namespace switchyard::testing
