// A node that cannot serve what its configuration asks for stops its start with one line
// naming the key and the port or path, exits non-zero and never says it is running.

#include "tests/integration/child_process.hpp"
#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/temp_config.hpp"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

using namespace std::chrono_literals;
using namespace switchyard::testing;

namespace {

// A loopback port held by this test process, as another program would hold it.
class held_port {
public:
  held_port() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) == 0);
    REQUIRE(::listen(fd_, 1) == 0);
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
  }

  ~held_port() { ::close(fd_); }

  held_port(const held_port&) = delete;
  held_port& operator=(const held_port&) = delete;

  std::string port() const { return std::to_string(port_); }

private:
  int fd_;
  std::uint16_t port_ = 0;
};

// A state_dir of its own for one test, removed at the end.
struct temp_state_dir {
  std::filesystem::path path
    = std::filesystem::temp_directory_path()
      / ("switchyard-state-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));

  temp_state_dir() { std::filesystem::create_directories(path); }

  ~temp_state_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }

  static inline int counter = 0;
};

// The lines an operator reads as errors: the node's error log lines and its "cannot" sentences.
std::vector<std::string> error_lines(const std::string& output) {
  std::vector<std::string> lines;
  std::istringstream in{output};
  for (std::string line; std::getline(in, line);)
    if (line.find(" error ") != std::string::npos || line.find("cannot") != std::string::npos)
      lines.push_back(line);
  return lines;
}

// Starts a node on `toml` that must fail to start, and checks how it fails.
void expect_failed_start(const std::string& toml, const std::vector<std::string>& named) {
  temp_config config{toml};
  auto started = std::chrono::steady_clock::now();
  auto r = run(bin_path("switchyard"), {"--config", config.path()}, 8s);
  INFO("node output:\n" << r.output);
  CHECK(r.exit_code > 0);
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK(r.output.find("running; admin on") == std::string::npos);
  auto errors = error_lines(r.output);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("switchyard: cannot start: ") == 0);
  for (const auto& word : named)
    CHECK_MESSAGE(errors[0].find(word) != std::string::npos, "missing: " << word);
}

std::string network_with_journal() {
  return "\n[[networks]]\nname = \"visa\"\nprotocol = \"iso8583\"\nhosts = [{ address = "
         "\"127.0.0.1\", port = "
         + std::to_string(unused_port()) + " }]\n";
}

} // namespace

TEST_SUITE("node start failures") {
  TEST_CASE("a busy listener port stops the start with one line naming the listener") {
    held_port busy;
    expect_failed_start("[node]\nname = \"e2e\"\ncluster_port = 0\n\n[[listeners]]\nname = "
                        "\"acq\"\nprotocol = \"iso8583\"\nport = "
                          + busy.port() + "\n",
                        {"listeners[0] (acq)", "127.0.0.1:" + busy.port(), "in use"});
  }

  TEST_CASE("a busy cluster port stops the start with one line naming node.cluster_port") {
    held_port busy;
    expect_failed_start("[node]\nname = \"e2e\"\ncluster_port = " + busy.port()
                          + "\n\n[[listeners]]\nprotocol = \"iso8583\"\nport = 0\n",
                        {"node.cluster_port " + busy.port(), "127.0.0.1", "in use"});
  }

  TEST_CASE("a second node on the same state_dir is refused while the first runs") {
    temp_state_dir state;
    auto toml = iso_node() + "\n" + network_with_journal();
    toml.insert(toml.find("\n\n"), "\nstate_dir = \"" + state.path.string() + "\"");
    auto first = start_gateway(toml);
    expect_failed_start(
      toml, {"node.state_dir " + state.path.string(),
             "another running node (pid " + std::to_string(first.process->pid()) + ")"});
    CHECK_FALSE(first.process->wait(100ms).has_value());
  }

  TEST_CASE("a journal file that cannot be opened stops the start with one line naming it") {
    temp_state_dir state;
    std::filesystem::create_directory(state.path / "reversals-visa.journal");
    auto toml = iso_node() + "\n" + network_with_journal();
    toml.insert(toml.find("\n\n"), "\nstate_dir = \"" + state.path.string() + "\"");
    expect_failed_start(toml, {"networks[0] (visa)", (state.path / "reversals-visa.journal")});
  }
}
