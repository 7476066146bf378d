#include "tests/tools/tool_processes.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace switchyard::testing {

std::string tool_path(const std::string& name) {
  return std::string(SWITCHYARD_BIN_DIR) + "/" + name;
}

running_sim start_sim(std::vector<std::string> args) {
  args.insert(args.begin(), {"--listen", "127.0.0.1:0"});
  running_sim sim;
  sim.process = std::make_unique<child_process>(tool_path("sim-iso8583"), args);
  const auto line = sim.process->wait_for_line("listening on", std::chrono::seconds{10});
  if (!line)
    throw std::runtime_error("sim-iso8583 did not start: " + sim.process->output());
  const std::string marker = "listening on 127.0.0.1:";
  const auto at = line->find(marker);
  if (at == std::string::npos)
    throw std::runtime_error("unexpected listening line: " + *line);
  sim.port = static_cast<std::uint16_t>(std::stoi(line->substr(at + marker.size())));
  sim.endpoint = "127.0.0.1:" + std::to_string(sim.port);
  return sim;
}

run_result run_loadgen(const running_sim& sim, std::vector<std::string> args,
                       std::chrono::milliseconds timeout) {
  args.insert(args.begin(), {"--target", sim.endpoint, "--json"});
  return run(tool_path("loadgen-iso8583"), args, timeout);
}

std::optional<double> json_value(const std::string& output, const std::string& key) {
  const std::string marker = "\"" + key + "\":";
  const auto at = output.find(marker);
  if (at == std::string::npos)
    return std::nullopt;
  const char* begin = output.c_str() + at + marker.size();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  return end == begin ? std::nullopt : std::optional<double>{value};
}

std::optional<std::uint64_t> json_number(const std::string& output, const std::string& key) {
  const auto value = json_value(output, key);
  return value ? std::optional<std::uint64_t>{static_cast<std::uint64_t>(*value)} : std::nullopt;
}

temp_dir::temp_dir() {
  std::string pattern = "/tmp/switchyard-tools-XXXXXX";
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

temp_dir::~temp_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

bool generate_certificates(const temp_dir& dir) {
  const auto result = run(std::string(SWITCHYARD_SOURCE_DIR) + "/tools/gen-certs", {dir.path()});
  return result.exit_code == 0;
}

raw_client::raw_client(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

raw_client::~raw_client() {
  if (fd_ >= 0)
    ::close(fd_);
}

bool raw_client::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0)
      return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool raw_client::receive_exactly(char* out, std::size_t size) {
  while (size > 0) {
    const auto n = ::recv(fd_, out, size, 0);
    if (n <= 0)
      return false;
    out += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<std::string> raw_client::receive_len2_frame() {
  unsigned char prefix[2];
  if (!receive_exactly(reinterpret_cast<char*>(prefix), 2))
    return std::nullopt;
  std::string frame(static_cast<std::size_t>(prefix[0] << 8 | prefix[1]), '\0');
  if (!receive_exactly(frame.data(), frame.size()))
    return std::nullopt;
  return frame;
}

bool raw_client::closed_by_peer() {
  char byte = 0;
  const auto n = ::recv(fd_, &byte, 1, 0);
  // A reset (unread input discarded at close) counts as closed too; a timeout does not.
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

} // namespace switchyard::testing
