#pragma once

#include "tests/integration/child_process.hpp"
#include "tests/integration/temp_config.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::testing {

/// Where the test binaries are.
std::string bin_path(const std::string& program);

/// A running sim-iso8583 on loopback.
struct sim_process {
  std::unique_ptr<child_process> process;
  std::uint16_t port = 0;
};

/// Starts sim-iso8583 with `args` on 127.0.0.1:`port` (0: the OS chooses) and waits until
/// it listens.
sim_process start_sim(const std::vector<std::string>& args, std::uint16_t port = 0);

/// Starts sim-jsonrpc with `args` on 127.0.0.1:`port` (0: the OS chooses) and waits until
/// it listens.
sim_process start_sim_jsonrpc(const std::vector<std::string>& args, std::uint16_t port = 0);

/// A running switchyard node with its configuration file.
struct gateway_process {
  std::unique_ptr<temp_config> config;
  std::unique_ptr<child_process> process;
  std::uint16_t iso_port = 0;                          ///< the first listener's bound port
  std::map<std::string, std::uint16_t> listener_ports; ///< every listener's bound port, by name
  std::string admin;                                   ///< "127.0.0.1:PORT" of the admin actor

  /// Returns the bound port of the listener named `listener`; throws when there is none.
  std::uint16_t port_of(const std::string& listener) const;
};

/// Starts a node on `toml` (its listener and cluster ports should be 0) and waits until
/// it is up; with a `launcher` (a program and its arguments, such as prlimit or strace), the
/// node is started through it.
gateway_process start_gateway(const std::string& toml,
                              const std::vector<std::string>& launcher = {});

/// The TOML table that turns a node's admin HTTP endpoint on, on a port the OS chooses.
inline constexpr const char* admin_http_on_any_port = "\n[admin_http]\nenabled = true\nport = 0\n";

/// Reads "admin http on 127.0.0.1:PORT" from the node's output (10 s at most) and returns PORT.
std::uint16_t admin_http_port(gateway_process& gw);

/// Returns a port nothing listens on (bound once by the OS, then released).
std::uint16_t unused_port();

/// Runs switchyard-shell `command` against the gateway and returns its output; the shell is
/// killed after `timeout`.
std::string shell(const gateway_process& gw, const std::vector<std::string>& command,
                  std::chrono::milliseconds timeout = std::chrono::seconds(20));

/// Runs switchyard-shell `command` every 100 ms until `done(output)` holds or `attempts`
/// runs are used up; returns the last output.
std::string shell_until(const gateway_process& gw, const std::vector<std::string>& command,
                        const std::function<bool(const std::string&)>& done, int attempts = 30);

/// Returns the whitespace-separated fields of the first line of a shell table whose leading
/// fields are `leading` (e.g. {"eth", "127.0.0.1:9545"}); empty when no line has them.
std::vector<std::string> table_row(const std::string& output,
                                   const std::vector<std::string>& leading);

/// What requests sent one after another after a node or host was killed got.
struct failover_run {
  int sent = 0;
  int answered = 0;
  /// From the kill to the first approval the fallback gave; none: it never served.
  std::optional<std::chrono::steady_clock::duration> failed_over;
};

/// Sends request 1, 2, ... (`send(n)` sends one and returns its field 39, or "(no answer)"),
/// 20 ms apart, until `window` after `killed`; the first "00" after `on_fallback()` holds
/// marks the failover.
failover_run send_until_failed_over(std::chrono::steady_clock::time_point killed,
                                    std::chrono::milliseconds window,
                                    const std::function<std::string(int)>& send,
                                    const std::function<bool()>& on_fallback);

/// The TOML of one iso8583 network with one host and the given extra lines.
std::string iso_network(const std::string& name, std::uint16_t port, const std::string& extra);

/// The TOML of a node with a cluster port and one iso87-ascii listener on port 0.
std::string iso_node(const std::string& listener_extra = "");

/// The TOML of a jsonrpc network named `name` with one host per port and the given extra
/// lines (rules, pool and policy keys).
std::string jsonrpc_network(const std::string& name, const std::vector<std::uint16_t>& ports,
                            const std::string& extra);

/// The TOML of a node with a cluster port and one JSON-RPC listener named "rpc" on port 0.
std::string jsonrpc_node(const std::string& listener_extra = "");

} // namespace switchyard::testing
