#include "tools/sim-jsonrpc/eth_methods.hpp"

#include "tools/sim-jsonrpc/eth_encoding.hpp"
#include "tools/sim-jsonrpc/eth_params.hpp"

#include <boost/json/serialize.hpp>

#include <array>
#include <utility>

namespace switchyard::rpc_sim {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, method_count> names{
  "eth_chainId",          "net_version",   "web3_clientVersion", "eth_blockNumber",
  "eth_getBalance",       "eth_call",      "eth_getLogs",        "eth_sendRawTransaction",
  "eth_getBlockByNumber", "eth_subscribe", "eth_unsubscribe",    "other",
};

method_result ok(json::value result) {
  return {std::move(result), 0, {}};
}

method_result ok_text(std::string_view text) {
  return ok(json::string(text));
}

method_result invalid(std::string why) {
  return {nullptr, invalid_params, std::move(why)};
}

method_result get_balance(const arguments& args) {
  if (auto why = check_address(args.at(0), "address"); !why.empty())
    return invalid(why);
  if (auto why = check_block_ref(args.at(1), "block"); !why.empty())
    return invalid(why);
  // Up to about 18.4 ether, in wei: plausible balances, the same for the same address.
  return ok_text(to_quantity(digest64("balance:" + to_lower(text_of(args.at(0))))));
}

method_result call(const arguments& args) {
  if (auto why = check_call_object(args.at(0)); !why.empty())
    return invalid(why);
  if (auto why = check_block_ref(args.at(1), "block"); !why.empty())
    return invalid(why);
  const auto& tx = args.at(0)->get_object();
  auto data = text_of(tx.if_contains("data"));
  if (data.empty())
    data = text_of(tx.if_contains("input"));
  return ok_text(
    hex_digest("call:" + to_lower(text_of(tx.if_contains("to"))) + ":" + to_lower(data)));
}

// The filter's own block number when it names one, otherwise the head.
std::uint64_t log_block(const json::object& filter, std::uint64_t head) {
  for (const char* field : {"fromBlock", "toBlock"})
    if (auto n = parse_quantity(text_of(filter.if_contains(field))))
      return *n;
  return head;
}

std::string log_address(const json::object& filter, const std::string& seed) {
  const auto* address = filter.if_contains("address");
  if (address && address->is_array() && !address->get_array().empty())
    address = &address->get_array()[0];
  return is_address(text_of(address)) ? to_lower(text_of(address)) : hex_digest(seed, 20);
}

method_result get_logs(const arguments& args, const method_env& env) {
  if (auto why = check_log_filter(args.at(0)); !why.empty())
    return invalid(why);
  const auto& filter = args.at(0)->get_object();
  const auto seed = "logs:" + json::serialize(filter);
  const auto number = log_block(filter, env.head);
  const auto block_hash = filter.contains("blockHash")
                            ? std::string(text_of(&filter.at("blockHash")))
                            : env.blocks.hash_of(number);
  json::array logs;
  for (std::uint64_t i = 0, n = digest64(seed) % 4; i < n; ++i) {
    const auto item = seed + ":" + std::to_string(i);
    json::object log;
    log["address"] = log_address(filter, item);
    log["topics"] = json::array{hex_digest(item + ":topic0"), hex_digest(item + ":topic1")};
    log["data"] = hex_digest(item + ":data");
    log["blockNumber"] = to_quantity(number);
    log["blockHash"] = block_hash;
    log["transactionHash"] = hex_digest(item + ":tx");
    log["transactionIndex"] = to_quantity(i);
    log["logIndex"] = to_quantity(i);
    log["removed"] = false;
    logs.emplace_back(std::move(log));
  }
  return ok(std::move(logs));
}

method_result send_raw_transaction(const arguments& args) {
  const auto raw = text_of(args.at(0));
  if (raw.size() < 4 || !is_hex_data(raw))
    return invalid("transaction: expected non-empty hex bytes");
  return ok_text(hex_digest("tx:" + to_lower(raw)));
}

method_result get_block_by_number(const arguments& args, const method_env& env) {
  const auto tag = text_of(args.at(0));
  if (tag.empty() || !check_block_ref(args.at(0), "block").empty())
    return invalid("block: expected a block number or tag");
  const auto* full = args.at(1);
  if (full && !full->is_bool())
    return invalid("full: expected a boolean");
  const auto number = tag == "earliest" ? 0 : parse_quantity(tag).value_or(env.head);
  // A block that does not exist yet is null, as Ethereum nodes answer.
  if (number > env.head)
    return ok(nullptr);
  return ok(env.blocks.block(number, full && full->get_bool()));
}

method_result subscribe(const arguments& args, const method_env& env) {
  if (!env.subs)
    return {nullptr, method_not_found, "notifications not supported"};
  const auto kind = text_of(args.at(0));
  if (kind != "newHeads")
    return invalid("unsupported subscription kind '" + std::string(kind) + "' (only newHeads)");
  auto id = env.subs->add(*env.rng);
  if (!id)
    return {nullptr, server_error, "too many subscriptions on this connection"};
  return ok_text(*id);
}

method_result unsubscribe(const arguments& args, const method_env& env) {
  if (!env.subs)
    return {nullptr, method_not_found, "notifications not supported"};
  if (!args.at(0) || !args.at(0)->is_string())
    return invalid("subscription: expected a subscription id");
  return ok(env.subs->remove(text_of(args.at(0))));
}

// The parameter count each method accepts, checked before it runs.
constexpr std::array<std::pair<std::size_t, std::size_t>, method_count> arity{{
  {0, 0},
  {0, 0},
  {0, 0},
  {0, 0},
  {1, 2},
  {1, 2},
  {1, 1},
  {1, 1},
  {1, 2},
  {1, 1},
  {1, 1},
  {0, 0},
}};

} // namespace

method_id find_method(std::string_view name) {
  for (std::size_t i = 0; i + 1 < names.size(); ++i)
    if (names[i] == name)
      return static_cast<method_id>(i);
  return method_id::unknown;
}

std::string_view to_string(method_id m) {
  return names[static_cast<std::size_t>(m)];
}

method_result call_method(method_id m, const json::value& params, const method_env& env) {
  if (m == method_id::unknown)
    return {nullptr, method_not_found, "Method not found"};
  const arguments args{params};
  const auto [min, max] = arity[static_cast<std::size_t>(m)];
  if (auto why = args.check(min, max); !why.empty())
    return invalid(why);
  switch (m) {
    case method_id::eth_chainId:
      return ok_text(to_quantity(env.blocks.id()));
    case method_id::net_version:
      return ok_text(std::to_string(env.blocks.id()));
    case method_id::web3_clientVersion:
      return ok_text(env.client_version);
    case method_id::eth_blockNumber:
      return ok_text(to_quantity(env.head));
    case method_id::eth_getBalance:
      return get_balance(args);
    case method_id::eth_call:
      return call(args);
    case method_id::eth_getLogs:
      return get_logs(args, env);
    case method_id::eth_sendRawTransaction:
      return send_raw_transaction(args);
    case method_id::eth_getBlockByNumber:
      return get_block_by_number(args, env);
    case method_id::eth_subscribe:
      return subscribe(args, env);
    case method_id::eth_unsubscribe:
      return unsubscribe(args, env);
    case method_id::unknown:
      break;
  }
  return {nullptr, method_not_found, "Method not found"};
}

} // namespace switchyard::rpc_sim
