#include "tools/switchyard-shell/commands.hpp"

#include "tools/switchyard-shell/json_render.hpp"
#include "tools/switchyard-shell/render.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <thread>

namespace switchyard::shell {

namespace {

struct command_spec {
  const char* synopsis; ///< name and argument, as help shows them
  const char* help;     ///< what it does; "\n" continues on the next help line
  std::size_t arguments = 0;
  argument_kind kind = argument_kind::none;
  std::function<int(node_link&, const options&, const std::vector<std::string>&)> run;
  bool more = false; ///< takes more arguments than `arguments` (at least that many)
};

template <class Reply>
void print(const options& opts, const Reply& reply) {
  if (opts.json)
    render_json(std::cout, reply);
  else
    render(std::cout, reply);
}

template <class Reply, class... Ts>
int ask_and_print(node_link& link, const options& opts, Ts... xs) {
  if (auto why = link.ensure()) {
    fail(*why);
    return 1;
  }
  auto reply = link.ask<Reply>(xs...);
  if (!reply) {
    fail(link.describe(reply.error()));
    return 1;
  }
  print(opts, *reply);
  return 0;
}

template <class Reply, class Atom>
command_spec asking(const char* synopsis, const char* help, Atom atom) {
  return {synopsis, help, 0, argument_kind::none,
          [atom](node_link& link, const options& opts, const std::vector<std::string>&) {
            return ask_and_print<Reply>(link, opts, atom);
          }};
}

// A command the node answers with a sentence: printed as it is, or as JSON with --json. The
// reply is awaited `least` at the least (the shell's --timeout when longer).
template <class... Ts>
int tell_within(std::chrono::seconds least, node_link& link, const options& opts,
                const std::vector<std::string>& words, Ts... xs) {
  if (auto why = link.ensure()) {
    fail(*why);
    return 1;
  }
  auto answer = link.ask_within<std::string>(least, xs...);
  if (!answer) {
    fail(link.describe(answer.error()));
    return 1;
  }
  if (opts.json)
    render_json_message(std::cout, words, *answer);
  else
    std::cout << *answer << (answer->empty() || answer->back() != '\n' ? "\n" : "");
  return 0;
}

template <class... Ts>
int tell(node_link& link, const options& opts, const std::vector<std::string>& words, Ts... xs) {
  return tell_within(std::chrono::seconds(0), link, opts, words, xs...);
}

// Network changes wait for drains (in flight, then owed reversals) on the hosting node.
constexpr auto change_wait = std::chrono::seconds(300);

// Reads a network snippet on the shell's side: the node gets its text.
std::optional<std::string> read_snippet(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    std::string why{"cannot read "};
    why.append(path).append(": ").append(std::strerror(errno));
    fail(why);
    return std::nullopt;
  }
  return std::string{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

// add-network FILE [--node NAME]
int add_network(node_link& link, const options& opts, const std::vector<std::string>& words) {
  std::string node;
  if (words.size() == 4 && words[2] == "--node") {
    node = words[3];
  } else if (words.size() != 2) {
    fail("usage: add-network FILE [--node NAME]");
    return 2;
  }
  auto snippet = read_snippet(words[1]);
  if (!snippet)
    return 1;
  return tell_within(change_wait, link, opts, words, add_network_atom_v, *snippet, node);
}

int update_network(node_link& link, const options& opts, const std::vector<std::string>& words) {
  auto snippet = read_snippet(words[2]);
  if (!snippet)
    return 1;
  return tell_within(change_wait, link, opts, words, update_network_atom_v, words[1], *snippet);
}

// Keeps the rows of `network` (all when empty); false, having said which networks the node
// has, when none is of that name.
template <class Row>
bool keep_network(std::vector<Row>& rows, const std::string& network) {
  if (network.empty())
    return true;
  std::string known;
  for (const auto& row : rows)
    known.append(known.empty() ? "" : ", ").append(row.network);
  std::erase_if(rows, [&](const Row& row) { return row.network != network; });
  if (!rows.empty())
    return true;
  fail("no network '" + network + "' on this node"
       + (known.empty() ? std::string{" (it has none)"} : " (its networks: " + known + ")"));
  return false;
}

// A listing of every network, or with NETWORK its row only.
template <class Reply, class Atom>
command_spec per_network(const char* synopsis, const char* help, Atom atom) {
  return {
    synopsis,
    help,
    0,
    argument_kind::network,
    [atom, synopsis](node_link& link, const options& opts, const std::vector<std::string>& words) {
      if (words.size() > 2) {
        fail(std::string{"usage: "}.append(synopsis));
        return 2;
      }
      if (auto why = link.ensure()) {
        fail(*why);
        return 1;
      }
      auto reply = link.ask<Reply>(atom);
      if (!reply) {
        fail(link.describe(reply.error()));
        return 1;
      }
      if (!keep_network(*reply, words.size() == 2 ? words[1] : std::string{}))
        return 1;
      print(opts, *reply);
      return 0;
    },
    true};
}

// saf NETWORK: what NETWORK owes goes out now, then its owed advices as they stand.
int retry_owed(node_link& link, const options& opts, const std::vector<std::string>& words) {
  if (words.size() != 2) {
    fail("usage: saf [NETWORK]");
    return 2;
  }
  if (auto why = link.ensure()) {
    fail(*why);
    return 1;
  }
  auto answer = link.ask<std::string>(retry_owed_atom_v, words[1]);
  if (!answer) {
    fail(link.describe(answer.error()));
    return 1;
  }
  auto reports = link.ask<std::vector<saf_report>>(saf_atom_v);
  if (!reports) {
    fail(link.describe(reports.error()));
    return 1;
  }
  keep_network(*reports, words[1]);
  if (opts.json) {
    render_json_retry(std::cout, words, *answer, *reports);
    return 0;
  }
  std::cout << *answer << "\n";
  render(std::cout, *reports);
  return 0;
}

std::atomic<bool> watch_interrupted{false};

extern "C" void on_watch_interrupt(int) {
  watch_interrupted.store(true);
}

// Prints the node's events as they come until Ctrl-C (exit 0) or the node goes away (1).
int watch(node_link& link, const options& opts, const std::vector<std::string>&) {
  if (auto why = link.ensure()) {
    fail(*why);
    return 1;
  }
  auto printer = link.system().spawn([json = opts.json](caf::event_based_actor*) -> caf::behavior {
    return {[json](event_atom, const std::string& line) {
      if (json)
        render_json_event(std::cout, line);
      else
        std::cout << line << "\n";
      std::cout.flush();
    }};
  });
  auto answer = link.ask<std::string>(watch_atom_v, printer);
  if (!answer) {
    caf::anon_send_exit(printer, caf::exit_reason::user_shutdown);
    fail(link.describe(answer.error()));
    return 1;
  }
  if (!opts.json)
    std::cout << *answer << std::endl;
  watch_interrupted.store(false);

  struct sigaction interrupt {};

  struct sigaction before {};

  interrupt.sa_handler = on_watch_interrupt;
  sigemptyset(&interrupt.sa_mask);
  sigaction(SIGINT, &interrupt, &before);
  bool gone = false;
  while (!watch_interrupted.load() && !gone) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!link.is_lost())
      continue;
    // CAF 0.17 reports a connected node lost when a third node it knew goes away: reconnect
    // and watch on (the node keeps one registration per watcher); a node really gone ends it.
    gone = link.ensure().has_value() || !link.ask<std::string>(watch_atom_v, printer);
  }
  sigaction(SIGINT, &before, nullptr);
  caf::anon_send_exit(printer, caf::exit_reason::user_shutdown);
  if (gone) {
    fail("the node at " + link.where() + " went away");
    return 1;
  }
  return 0;
}

int restart(node_link& link, const options& opts, const std::vector<std::string>& words) {
  if (auto why = link.ensure()) {
    fail(*why);
    return 1;
  }
  auto answer = link.ask<std::string>(restart_atom_v, words[1]);
  if (!answer) {
    fail(link.describe(answer.error()));
    return 1;
  }
  if (opts.json)
    render_json_restart(std::cout, words[1], *answer);
  else
    std::cout << *answer << "\n";
  return 0;
}

const std::vector<command_spec>& command_table() {
  static const std::vector<command_spec> table{
    {"help", "this text", 0, argument_kind::none,
     [](node_link&, const options&, const std::vector<std::string>&) {
       std::cout << usage_text();
       return 0;
     }},
    asking<node_status>("status", "the node's supervision tree (state, restarts) and networks",
                        node_status_atom_v),
    asking<std::vector<network_status>>(
      "networks", "configured networks: connector, health, rules, hosts", networks_atom_v),
    asking<std::vector<network_health>>("health", "health verdict per network", health_atom_v),
    asking<std::vector<pool_stats>>("pools", "connection pools per network host", pools_atom_v),
    per_network<std::vector<connector_stats>>(
      "stats [NETWORK]",
      "traffic counters per network (requests, timeouts, late, remapped STANs),\nor NETWORK's "
      "only",
      stats_atom_v),
    asking<std::vector<listener_status>>(
      "listeners", "listeners: endpoint, connections, requests, format errors, rejections",
      listeners_atom_v),
    {"saf [NETWORK]",
     "reversal advices owed per network (card data masked), journal, alarms;\nwith NETWORK: "
     "its advices waiting for their next attempt go out now\n(the issuer is back before the "
     "backoff would try), then its list",
     0, argument_kind::network,
     [](node_link& link, const options& opts, const std::vector<std::string>& words) {
       if (words.size() == 1)
         return ask_and_print<std::vector<saf_report>>(link, opts, saf_atom_v);
       return retry_owed(link, opts, words);
     },
     true},
    asking<std::vector<member_status>>(
      "nodes", "cluster members: endpoint, state (self, up, unreachable), networks", nodes_atom_v),
    {"restart PATH",
     "kill the actor at PATH (e.g. router, connectors/visa); its supervisor\nrestarts it", 1,
     argument_kind::actor_path, restart},
    {"route-test REQUEST",
     "which network and rule a request takes, and why: an ISO 8583 MTI and\nfields "
     "(route-test 0200 2=4111111111111111 4=000000001000) or a JSON-RPC\nmethod "
     "(route-test eth_getBalance)",
     1, argument_kind::none,
     [](node_link& link, const options& opts, const std::vector<std::string>& words) {
       return tell(link, opts, words, route_test_atom_v,
                   std::vector<std::string>(words.begin() + 1, words.end()));
     },
     true},
    {"set-status NETWORK MODE",
     "healthy or unhealthy whatever the health checks say, or auto to hand\nNETWORK back "
     "to them; an unhealthy network's traffic goes to its fallbacks",
     2, argument_kind::network,
     [](node_link& link, const options& opts, const std::vector<std::string>& words) {
       return tell(link, opts, words, set_status_atom_v, words[1], words[2]);
     }},
    {"reload-bins",
     "re-read every BIN table file and route with them; a file with errors\nleaves the tables "
     "in use (the errors are printed)",
     0, argument_kind::none,
     [](node_link& link, const options& opts, const std::vector<std::string>& words) {
       return tell(link, opts, words, reload_bins_atom_v);
     }},
    {"add-network FILE",
     "add the network FILE defines (one [[networks]] entry of the config\nfile's schema) on "
     "this node, or with --node NAME on that member;\nrecorded in its state_dir, learned by "
     "every member",
     1, argument_kind::none, add_network, true},
    {"update-network NETWORK FILE",
     "replace NETWORK's settings with FILE's: a new connector takes new\ntraffic while the "
     "previous one finishes what it has in flight",
     2, argument_kind::network, update_network},
    {"remove-network NETWORK",
     "withdraw NETWORK's routes everywhere, let it finish what is in flight\nand what it owes "
     "(reversals), then stop its connector",
     1, argument_kind::network,
     [](node_link& link, const options& opts, const std::vector<std::string>& words) {
       return tell_within(change_wait, link, opts, words, remove_network_atom_v, words[1]);
     }},
    {"reset-breaker NETWORK [HOST]",
     "close the circuit breaker of NETWORK's HOST (ADDRESS:PORT), or of every\nhost: the "
     "host takes traffic again at once",
     1, argument_kind::network,
     [](node_link& link, const options& opts, const std::vector<std::string>& words) {
       if (words.size() > 3) {
         fail("usage: reset-breaker NETWORK [HOST]");
         return 2;
       }
       return tell(link, opts, words, reset_breaker_atom_v, words[1],
                   words.size() == 3 ? words[2] : std::string{});
     },
     true},
    {"config", "the node's effective configuration as TOML (runtime changes included)", 0,
     argument_kind::none,
     [](node_link& link, const options& opts, const std::vector<std::string>& words) {
       return tell(link, opts, words, config_atom_v);
     }},
    {"watch", "membership, health and breaker events as they happen, until Ctrl-C", 0,
     argument_kind::none, watch},
    {"drain",
     "listeners stop accepting and finish what they read; the node still\nserves its peers "
     "(restart listeners takes traffic again)",
     0, argument_kind::none,
     [](node_link& link, const options& opts, const std::vector<std::string>& words) {
       return tell_within(change_wait, link, opts, words, drain_atom_v);
     }},
    {"shutdown", "stop the node in order (listeners drain first), as SIGTERM does", 0,
     argument_kind::none,
     [](node_link& link, const options& opts, const std::vector<std::string>& words) {
       return tell(link, opts, words, shutdown_atom_v);
     }},
  };
  return table;
}

std::string name_of(const command_spec& spec) {
  std::string synopsis = spec.synopsis;
  return synopsis.substr(0, synopsis.find(' '));
}

const command_spec* find_command(const std::string& name) {
  for (const auto& spec : command_table())
    if (name_of(spec) == name)
      return &spec;
  return nullptr;
}

} // namespace

std::string commands_text() {
  std::size_t width = 17;
  for (const auto& spec : command_table())
    width = std::max(width, std::string{spec.synopsis}.size() + 2);
  std::string text;
  for (const auto& spec : command_table()) {
    std::string synopsis = spec.synopsis;
    text.append("  ").append(synopsis).append(width - synopsis.size(), ' ');
    for (const char* c = spec.help; *c != '\0'; ++c) {
      if (*c == '\n')
        text.append("\n").append(width + 2, ' ');
      else
        text.push_back(*c);
    }
    text.append("\n");
  }
  return text;
}

std::string usage_text() {
  return tools::render_manual(shell_manual());
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& spec : command_table())
    names.push_back(name_of(spec));
  return names;
}

argument_kind argument_of(const std::string& name) {
  const auto* spec = find_command(name);
  return spec == nullptr ? argument_kind::none : spec->kind;
}

int run_command(node_link& link, const options& opts, const std::vector<std::string>& words) {
  const auto* spec = words.empty() ? nullptr : find_command(words[0]);
  if (spec == nullptr || words.size() < spec->arguments + 1
      || (!spec->more && words.size() != spec->arguments + 1)) {
    fail("unknown command or wrong arguments: " + (words.empty() ? std::string{} : words[0]));
    return 2;
  }
  return spec->run(link, opts, words);
}

} // namespace switchyard::shell
