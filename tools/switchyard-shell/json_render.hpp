#pragma once

// The shell's --json output: each admin reply as one JSON value whose field names are the
// member names of the message structs in actors/messages.hpp, so scripts read the same words
// the wire protocol uses.

#include "actors/messages.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace switchyard::shell {

/// Prints `status` as one JSON object on one line.
void render_json(std::ostream& out, const node_status& status);

/// Prints `networks` as one JSON array on one line.
void render_json(std::ostream& out, const std::vector<network_status>& networks);

/// Prints `health` as one JSON array on one line.
void render_json(std::ostream& out, const std::vector<network_health>& health);

/// Prints `pools` as one JSON array on one line.
void render_json(std::ostream& out, const std::vector<pool_stats>& pools);

/// Prints `stats` as one JSON array on one line.
void render_json(std::ostream& out, const std::vector<connector_stats>& stats);

/// Prints `listeners` as one JSON array on one line.
void render_json(std::ostream& out, const std::vector<listener_status>& listeners);

/// Prints `reports` as one JSON array on one line.
void render_json(std::ostream& out, const std::vector<saf_report>& reports);

/// Prints `members` as one JSON array on one line.
void render_json(std::ostream& out, const std::vector<member_status>& members);

/// Prints the answer to `restart PATH` as {"path": PATH, "message": ANSWER} on one line.
void render_json_restart(std::ostream& out, const std::string& path, const std::string& answer);

/// Prints one event a watched node reported as {"event": LINE}.
void render_json_event(std::ostream& out, const std::string& line);

/// Prints the sentence a command answered with (set-status, route-test, shutdown) as
/// {"command": NAME, "arguments": [...], "message": ANSWER}.
void render_json_message(std::ostream& out, const std::vector<std::string>& words,
                         const std::string& answer);

/// Prints the answer to `saf NETWORK` as {"command": "saf", "arguments": [NETWORK],
/// "message": ANSWER, "saf": REPORTS}.
void render_json_retry(std::ostream& out, const std::vector<std::string>& words,
                       const std::string& answer, const std::vector<saf_report>& reports);

} // namespace switchyard::shell
