#include "tests/integration/gateway_fixture.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace switchyard::testing {

namespace {

std::uint16_t port_in(const std::string& line, const std::string& marker) {
  std::smatch m;
  if (!std::regex_search(line, m, std::regex{marker + R"( 127\.0\.0\.1:(\d+))"}))
    throw std::runtime_error("no port in: " + line);
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

} // namespace

std::string bin_path(const std::string& program) {
  return std::string{SWITCHYARD_BIN_DIR} + "/" + program;
}

sim_process start_sim(const std::vector<std::string>& args, std::uint16_t port) {
  std::vector<std::string> all{"--listen", "127.0.0.1:" + std::to_string(port)};
  all.insert(all.end(), args.begin(), args.end());
  auto p = std::make_unique<child_process>(bin_path("sim-iso8583"), all);
  auto line = p->wait_for_line("listening on", std::chrono::seconds(10));
  if (!line)
    throw std::runtime_error("sim did not start: " + p->output());
  return {std::move(p), port_in(*line, "listening on")};
}

sim_process start_sim_jsonrpc(const std::vector<std::string>& args, std::uint16_t port) {
  std::vector<std::string> all{"--listen", "127.0.0.1:" + std::to_string(port)};
  all.insert(all.end(), args.begin(), args.end());
  auto p = std::make_unique<child_process>(bin_path("sim-jsonrpc"), all);
  auto line = p->wait_for_line("listening on", std::chrono::seconds(10));
  if (!line)
    throw std::runtime_error("sim-jsonrpc did not start: " + p->output());
  return {std::move(p), port_in(*line, "listening on")};
}

std::uint16_t gateway_process::port_of(const std::string& listener) const {
  auto it = listener_ports.find(listener);
  if (it == listener_ports.end())
    throw std::runtime_error("no listener " + listener + " in: " + process->output());
  return it->second;
}

gateway_process start_gateway(const std::string& toml, const std::vector<std::string>& launcher) {
  gateway_process gw;
  gw.config = std::make_unique<temp_config>(toml);
  std::vector<std::string> args{bin_path("switchyard"), "--config", gw.config->path()};
  if (launcher.empty()) {
    args.erase(args.begin());
    gw.process = std::make_unique<child_process>(bin_path("switchyard"), args);
  } else {
    args.insert(args.begin(), launcher.begin() + 1, launcher.end());
    gw.process = std::make_unique<child_process>(launcher.front(), args);
  }
  auto listening = gw.process->wait_for_line("listening on", std::chrono::seconds(15));
  auto admin = gw.process->wait_for_line("admin on", std::chrono::seconds(15));
  if (!listening || !admin)
    throw std::runtime_error("gateway did not start: " + gw.process->output());
  gw.iso_port = port_in(*listening, "listening on");
  // Every listener logs its bound port before the node reports the admin actor.
  const auto& out = gw.process->output();
  // The listener is the line's component: component=NAME in logfmt, "component":"NAME" in JSON.
  std::regex bound{R"(component"?[=:]"?([^\s",]+)[^\n]*listening on 127\.0\.0\.1:(\d+))"};
  for (auto it = std::sregex_iterator(out.begin(), out.end(), bound); it != std::sregex_iterator();
       ++it)
    gw.listener_ports[(*it)[1]] = static_cast<std::uint16_t>(std::stoi((*it)[2]));
  std::smatch m;
  std::regex_search(*admin, m, std::regex{R"(admin on (\S+:\d+))"});
  gw.admin = m[1];
  return gw;
}

std::uint16_t unused_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string shell(const gateway_process& gw, const std::vector<std::string>& command,
                  std::chrono::milliseconds timeout) {
  std::vector<std::string> args{"--connect", gw.admin};
  args.insert(args.end(), command.begin(), command.end());
  return run(bin_path("switchyard-shell"), args, timeout).output;
}

std::string shell_until(const gateway_process& gw, const std::vector<std::string>& command,
                        const std::function<bool(const std::string&)>& done, int attempts) {
  std::string output;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    output = shell(gw, command);
    if (done(output))
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return output;
}

std::vector<std::string> table_row(const std::string& output,
                                   const std::vector<std::string>& leading) {
  std::istringstream lines{output};
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words{line};
    std::vector<std::string> fields{std::istream_iterator<std::string>{words},
                                    std::istream_iterator<std::string>{}};
    if (fields.size() >= leading.size()
        && std::equal(leading.begin(), leading.end(), fields.begin()))
      return fields;
  }
  return {};
}

std::string iso_network(const std::string& name, std::uint16_t port, const std::string& extra) {
  return "\n[[networks]]\nname = \"" + name
         + "\"\nprotocol = \"iso8583\"\nhosts = [{ address = \"127.0.0.1\", port = "
         + std::to_string(port) + " }]\npool_size = 2\n" + extra + "\n";
}

std::string iso_node(const std::string& listener_extra) {
  return "[node]\nname = \"e2e\"\ncluster_port = 0\n\n[[listeners]]\nprotocol = \"iso8583\"\n"
         "port = 0\n"
         + listener_extra + "\n";
}

failover_run send_until_failed_over(std::chrono::steady_clock::time_point killed,
                                    std::chrono::milliseconds window,
                                    const std::function<std::string(int)>& send,
                                    const std::function<bool()>& on_fallback) {
  failover_run run;
  while (std::chrono::steady_clock::now() - killed < window) {
    auto code = send(++run.sent);
    if (code != "(no answer)")
      ++run.answered;
    if (code == "00" && !run.failed_over && on_fallback())
      run.failed_over = std::chrono::steady_clock::now() - killed;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return run;
}

std::string jsonrpc_network(const std::string& name, const std::vector<std::uint16_t>& ports,
                            const std::string& extra) {
  std::string hosts;
  for (auto port : ports)
    hosts += std::string{hosts.empty() ? "" : ", "}
             + "{ address = \"127.0.0.1\", port = " + std::to_string(port) + " }";
  return "\n[[networks]]\nname = \"" + name + "\"\nprotocol = \"jsonrpc\"\nhosts = [" + hosts
         + "]\n" + extra + "\n";
}

std::string jsonrpc_node(const std::string& listener_extra) {
  return "[node]\nname = \"e2e\"\ncluster_port = 0\n\n[[listeners]]\nname = \"rpc\"\n"
         "protocol = \"jsonrpc\"\nport = 0\n"
         + listener_extra + "\n";
}

std::uint16_t admin_http_port(gateway_process& gw) {
  auto line = gw.process->wait_for_line("admin http on", std::chrono::seconds(10));
  if (!line)
    throw std::runtime_error("the node did not say where its admin HTTP endpoint listens:\n"
                             + gw.process->output());
  std::smatch m;
  if (!std::regex_search(*line, m, std::regex{R"(admin http on [\d.]+:(\d+))"}))
    throw std::runtime_error("unexpected admin http line: " + *line);
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

} // namespace switchyard::testing
