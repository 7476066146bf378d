#include "tests/integration/child_process.hpp"

#include "tests/integration/node_log_check.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <stdexcept>
#include <thread>

namespace switchyard::testing {

namespace {

pid_t spawn(const std::string& program, const std::vector<std::string>& args, int& out_fd) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  out_fd = fds[0];
  return pid;
}

int decode_status(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  return -WTERMSIG(status);
}

} // namespace

child_process::child_process(const std::string& program, const std::vector<std::string>& args)
    : program_(program), args_(args) {
  pid_ = spawn(program, args, out_fd_);
}

child_process::~child_process() {
  if (!status_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (is_node(program_, args_)) {
    drain();
    check_node_logs(args_, out_);
  }
  close(out_fd_);
}

void child_process::drain() {
  // The process is gone: read what it wrote until end of file, or until whatever inherited the
  // pipe stays silent for 200 ms.
  char buf[4096];
  pollfd pfd{out_fd_, POLLIN, 0};
  while (poll(&pfd, 1, 200) > 0) {
    auto n = read(out_fd_, buf, sizeof(buf));
    if (n <= 0)
      return;
    out_.append(buf, static_cast<std::size_t>(n));
  }
}

std::optional<std::string> child_process::wait_for_line(const std::string& needle,
                                                        std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t scanned = 0;
  for (;;) {
    for (auto eol = out_.find('\n', scanned); eol != std::string::npos;
         eol = out_.find('\n', scanned)) {
      auto line = out_.substr(scanned, eol - scanned);
      scanned = eol + 1;
      if (line.find(needle) != std::string::npos)
        return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return std::nullopt;
    pollfd pfd{out_fd_, POLLIN, 0};
    if (poll(&pfd, 1, static_cast<int>(left.count())) <= 0)
      continue;
    char buf[4096];
    auto n = read(out_fd_, buf, sizeof(buf));
    if (n <= 0)
      return std::nullopt;
    out_.append(buf, static_cast<std::size_t>(n));
  }
}

void child_process::signal(int sig) {
  ::kill(pid_, sig);
}

std::optional<int> child_process::wait(std::chrono::milliseconds timeout) {
  if (status_)
    return status_;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      status_ = decode_status(status);
      return status_;
    }
    if (std::chrono::steady_clock::now() >= deadline)
      return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

run_result run(const std::string& program, const std::vector<std::string>& args,
               std::chrono::milliseconds timeout) {
  child_process p{program, args};
  auto deadline = std::chrono::steady_clock::now() + timeout;
  // Drain output until EOF so a chatty program never blocks on a full pipe.
  p.wait_for_line("\x01never\x01", timeout);
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
    deadline - std::chrono::steady_clock::now());
  auto code = p.wait(std::max(left, std::chrono::milliseconds(100)));
  return run_result{code.value_or(-1), p.output()};
}

} // namespace switchyard::testing
