#include "actors/io/state_dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace switchyard {

namespace {

std::string holder_pid(int fd) {
  char buffer[32] = {};
  auto n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string pid{buffer, n > 0 ? static_cast<std::size_t>(n) : 0};
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' '))
    pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

} // namespace

state_dir_lock::taken state_dir_lock::take(const std::string& state_dir) {
  taken out;
  auto key = "node.state_dir " + state_dir;
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    out.error = key + " cannot be created: " + ec.message();
    return out;
  }
  auto path = (std::filesystem::path{state_dir} / "switchyard.lock").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    out.error = key + " is not writable: cannot open " + path + ": " + std::strerror(errno);
    return out;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    auto err = errno;
    out.error = err == EWOULDBLOCK ? key + " is used by another running node (pid " + holder_pid(fd)
                                       + "): two nodes must not share reversal journals"
                                   : key + ": cannot lock " + path + ": " + std::strerror(err);
    ::close(fd);
    return out;
  }
  auto pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0
      || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    out.error = key + " is not writable: cannot write " + path + ": " + std::strerror(errno);
    ::close(fd);
    return out;
  }
  out.lock.reset(new state_dir_lock{fd});
  return out;
}

state_dir_lock::~state_dir_lock() {
  ::close(fd_);
}

} // namespace switchyard
