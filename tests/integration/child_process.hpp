#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::testing {

/// A program started for a test, with its standard output and error captured; killed
/// when the object goes out of scope so no test leaves a process behind. A switchyard node's
/// logs are then checked for full card numbers (check_node_logs).
class child_process {
public:
  /// Starts `program` with `args`.
  child_process(const std::string& program, const std::vector<std::string>& args);

  ~child_process();

  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  /// Returns the process id.
  pid_t pid() const { return pid_; }

  /// Waits up to `timeout` for a line of standard output containing `needle`.
  std::optional<std::string> wait_for_line(const std::string& needle,
                                           std::chrono::milliseconds timeout);

  /// Sends `signal` to the process.
  void signal(int sig);

  /// Waits up to `timeout` for the process to exit; returns its exit code, or -signal
  /// if a signal ended it, or nothing on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);

  /// Returns everything read from standard output so far.
  const std::string& output() const { return out_; }

private:
  void drain();

  std::string program_;
  std::vector<std::string> args_;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string out_;
  std::optional<int> status_;
};

/// Runs `program` to completion (at most `timeout`) and returns exit code and output.
struct run_result {
  int exit_code = -1;
  std::string output; ///< standard output and error, interleaved
};

/// Runs a program to completion, capturing its output; exit_code is -1 on timeout.
run_result run(const std::string& program, const std::vector<std::string>& args,
               std::chrono::milliseconds timeout = std::chrono::seconds(20));

} // namespace switchyard::testing
