#pragma once

#include "tests/integration/child_process.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::testing {

/// Returns the path of the built program `name` (sim-iso8583, loadgen-iso8583).
std::string tool_path(const std::string& name);

/// A simulator started on an OS-chosen loopback port.
struct running_sim {
  std::unique_ptr<child_process> process; ///< killed when the test ends
  std::string endpoint;                   ///< "127.0.0.1:PORT"
  std::uint16_t port = 0;                 ///< the port it listens on
};

/// Starts sim-iso8583 with `args` on 127.0.0.1 port 0 and waits for its listening line.
running_sim start_sim(std::vector<std::string> args);

/// Runs loadgen-iso8583 against `sim` with `args` and --json; bounded by `timeout`.
run_result run_loadgen(const running_sim& sim, std::vector<std::string> args,
                       std::chrono::milliseconds timeout = std::chrono::seconds{20});

/// Returns the number after "key": in a JSON summary, or nothing.
std::optional<double> json_value(const std::string& output, const std::string& key);

/// Returns the whole number after "key": in a JSON summary, or nothing.
std::optional<std::uint64_t> json_number(const std::string& output, const std::string& key);

/// A directory under /tmp removed with everything in it when the object goes away.
class temp_dir {
public:
  /// Creates a fresh directory.
  temp_dir();

  ~temp_dir();

  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  /// Returns the directory's path.
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

/// Writes certificates for localhost (ca.pem, server.pem/.key, client.pem/.key) to `dir`
/// with tools/gen-certs; returns false when that fails.
bool generate_certificates(const temp_dir& dir);

/// A blocking loopback TCP client with a 5-second receive timeout, for raw frames.
class raw_client {
public:
  /// Connects to 127.0.0.1:`port`.
  explicit raw_client(std::uint16_t port);

  ~raw_client();

  raw_client(const raw_client&) = delete;
  raw_client& operator=(const raw_client&) = delete;

  /// Returns true when connected.
  bool connected() const { return fd_ >= 0; }

  /// Sends all of `bytes`; returns false on error.
  bool send(std::string_view bytes);

  /// Receives one len2 frame and returns its contents (header and message); nothing on
  /// timeout, error or close.
  std::optional<std::string> receive_len2_frame();

  /// Returns true when the peer closes the connection before the receive timeout.
  bool closed_by_peer();

private:
  bool receive_exactly(char* out, std::size_t size);

  int fd_ = -1;
};

} // namespace switchyard::testing
