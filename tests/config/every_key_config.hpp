#pragma once

// A configuration file that sets every key to a value other than its default, and the checks
// that each one was read: the settings writer's round trip is tested against it, so a key the
// writer forgets shows up by name.

#include "config/settings.hpp"
#include "tests/config/config_test_support.hpp"

#include <string>
#include <vector>

namespace switchyard::config::test {

/// Every key of the configuration file set to a value other than its default; the files it
/// names are made in `dir`.
std::string every_key(const temp_directory& dir);

/// Each check fails, naming the member, for every setting left at its default.
void check_every_key_set(const gateway_settings& s);
void check_every_listener_key_set(const listener_settings& iso, const listener_settings& json);
void check_every_iso8583_network_key_set(const network_settings& x);
void check_every_policy_key_set(const network_settings& x);
void check_every_rule_key_set(const std::vector<rule_settings>& rules);
void check_every_transform_key_set(const switchyard::iso8583::transform_rules& x);
void check_every_jsonrpc_network_key_set(const network_settings& x);

} // namespace switchyard::config::test
