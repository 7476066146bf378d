#pragma once

// The shell's commands: one table that one-shot mode, interactive mode, help and tab
// completion all read, so a new admin command is added in one place.

#include "tools/switchyard-shell/node_link.hpp"
#include "tools/switchyard-shell/options.hpp"

#include <string>
#include <vector>

namespace switchyard::shell {

/// What a command's argument names, for tab completion.
enum class argument_kind { none, actor_path, network };

/// Returns the whole manual (shell_manual): every option and every command.
std::string usage_text();

/// Returns the command list alone ("  status   the node's ...").
std::string commands_text();

/// Returns every command's name, in the order help lists them.
std::vector<std::string> command_names();

/// Returns what the argument of the command `name` names (none for unknown commands).
argument_kind argument_of(const std::string& name);

/// Runs `words` (a command and its arguments) against the node behind `link`, printing the
/// reply as a table or, with opts.json, as JSON; returns 0 done, 1 failed (after saying why),
/// 2 unknown command or wrong arguments (after saying so, without the usage).
int run_command(node_link& link, const options& opts, const std::vector<std::string>& words);

} // namespace switchyard::shell
