// Quiet acquirer connections over real loopback sockets: a connection between messages holds
// no read buffer; one in the middle of a frame holds one until the frame is whole; bursts of
// frames across reads are all answered; one quiet for idle_timeout_ms is closed.

#include "actors/iso8583/iso_listener.hpp"
#include "protocols/iso8583/builtin_dialects.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// A plain ISO 8583 listener on 127.0.0.1:0 on an I/O thread of its own, answering network
// management itself (the default) and routing nothing else.
class iso_front {
public:
  explicit iso_front(std::uint32_t idle_timeout_ms = 300000)
      : work_(net::make_work_guard(io_)),
        ctx_(std::make_shared<switchyard::iso_listener_context>()) {
    ctx_->settings.name = "iso-test";
    ctx_->settings.max_connections = 16;
    ctx_->settings.idle_timeout_ms = idle_timeout_ms;
    ctx_->dialect = &switchyard::iso8583::iso87_ascii();
    ctx_->routes = std::make_shared<switchyard::route_board>();
    listener_ = std::make_unique<switchyard::iso_listener>(io_, ctx_);
    if (auto error = listener_->start(); !error.empty())
      throw std::runtime_error(error);
    thread_ = std::thread([this] { io_.run(); });
  }

  ~iso_front() {
    listener_->stop();
    work_.reset();
    thread_.join();
  }

  iso_front(const iso_front&) = delete;
  iso_front& operator=(const iso_front&) = delete;

  std::uint16_t port() const { return listener_->port(); }

  const switchyard::iso_listener_counters& counters() const { return ctx_->counters; }

private:
  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  std::shared_ptr<switchyard::iso_listener_context> ctx_;
  std::unique_ptr<switchyard::iso_listener> listener_;
  std::thread thread_;
};

// An acquirer connection; every read gives up after 3 s.
struct acquirer {
  net::io_context io;
  tcp::socket socket{io};

  explicit acquirer(std::uint16_t port) {
    socket.connect({net::ip::make_address("127.0.0.1"), port});
    timeval limit{3, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  }

  void send(const std::string& bytes) { net::write(socket, net::buffer(bytes)); }

  // Returns whether the gateway closed the connection (end of stream within the read limit).
  bool closed_by_peer() {
    char byte;
    boost::system::error_code ec;
    socket.read_some(net::buffer(&byte, 1), ec);
    return ec == net::error::eof || ec == net::error::connection_reset;
  }

  // Returns the next frame's message (without its length), or empty when none came.
  std::string read_frame() {
    unsigned char prefix[2];
    boost::system::error_code ec;
    net::read(socket, net::buffer(prefix), ec);
    if (ec)
      return {};
    std::string message(prefix[0] * 256U + prefix[1], '\0');
    net::read(socket, net::buffer(message), ec);
    return ec ? std::string{} : message;
  }
};

// An echo (0800, field 70 = 301) with STAN `stan` (6 digits), framed len2, iso87-ascii.
std::string echo_frame(const std::string& stan) {
  std::string message = "0800"
                        "8220000000000000"
                        "0400000000000000"
                        "1206140000"
                        + stan + "301";
  std::string frame;
  frame += static_cast<char>(message.size() >> 8);
  frame += static_cast<char>(message.size() & 0xff);
  return frame + message;
}

std::string stan_of(int i) {
  auto digits = std::to_string(i);
  return std::string(6 - digits.size(), '0') + digits;
}

template <class Predicate>
bool eventually(Predicate done) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

} // namespace

TEST_SUITE("iso_session: buffers") {
  TEST_CASE("acquirer connections between messages hold no read buffer") {
    iso_front front;
    std::vector<std::unique_ptr<acquirer>> acquirers;
    for (int i = 0; i < 4; ++i) {
      acquirers.push_back(std::make_unique<acquirer>(front.port()));
      for (int n = 0; n < 3; ++n) {
        acquirers.back()->send(echo_frame(stan_of(i * 10 + n)));
        auto answer = acquirers.back()->read_frame();
        REQUIRE(answer.substr(0, 4) == "0810");
        CHECK(answer.find(stan_of(i * 10 + n)) != std::string::npos);
      }
    }
    CHECK(front.counters().active.load() == 4);
    CHECK(eventually([&] { return front.counters().read_buffer_bytes.load() == 0; }));
    // A quiet connection still serves: the next message is read into a buffer taken for it.
    acquirers.front()->send(echo_frame("000099"));
    CHECK(acquirers.front()->read_frame().substr(0, 4) == "0810");
    CHECK(eventually([&] { return front.counters().read_buffer_bytes.load() == 0; }));
  }

  TEST_CASE("a frame read in part holds a buffer until it is whole") {
    iso_front front;
    acquirer a{front.port()};
    auto frame = echo_frame("000001");
    a.send(frame.substr(0, 12));
    CHECK(eventually([&] { return front.counters().read_buffer_bytes.load() > 0; }));
    a.send(frame.substr(12));
    CHECK(a.read_frame().substr(0, 4) == "0810");
    CHECK(eventually([&] { return front.counters().read_buffer_bytes.load() == 0; }));
  }

  TEST_CASE("a burst of frames larger than one read is answered whole") {
    iso_front front;
    acquirer a{front.port()};
    // 500 echoes of 45 bytes, more than one standard buffer: frames straddle the reads' ends.
    std::string burst;
    for (int i = 0; i < 500; ++i)
      burst += echo_frame(stan_of(i));
    a.send(burst);
    int answered = 0;
    for (int i = 0; i < 500; ++i)
      if (a.read_frame().substr(0, 4) == "0810")
        ++answered;
    CHECK(answered == 500);
    CHECK(front.counters().responses.load() == 500);
    CHECK(eventually([&] { return front.counters().read_buffer_bytes.load() == 0; }));
  }

  TEST_CASE("a quiet connection is closed after idle_timeout_ms and a talking one is not") {
    iso_front front{300};
    acquirer talking{front.port()};
    acquirer quiet{front.port()};
    auto start = std::chrono::steady_clock::now();
    // Three times the timeout, a message every 100 ms: never idle that long.
    for (int i = 0; i < 9; ++i) {
      talking.send(echo_frame(stan_of(i)));
      REQUIRE(talking.read_frame().substr(0, 4) == "0810");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(900));
    CHECK(quiet.closed_by_peer());
    CHECK(front.counters().idle_closed.load() == 1);
    talking.send(echo_frame("000100"));
    CHECK(talking.read_frame().substr(0, 4) == "0810");
    // Once it stops talking, it is idle too.
    CHECK(talking.closed_by_peer());
    CHECK(front.counters().idle_closed.load() == 2);
  }
}
