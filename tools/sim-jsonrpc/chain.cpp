#include "tools/sim-jsonrpc/chain.hpp"

#include "tools/sim-jsonrpc/eth_encoding.hpp"

#include <boost/json/array.hpp>

#include <algorithm>

namespace switchyard::rpc_sim {

namespace {

const std::string zero_hash = "0x" + std::string(64, '0');
const std::string empty_bloom = "0x" + std::string(512, '0');

// Blocks carry 0 to 3 transactions, the same ones for the same block every run.
std::uint64_t transaction_count(const std::string& block_hash) {
  return digest64(block_hash) % 4;
}

boost::json::object transaction(const std::string& block_hash, std::uint64_t number,
                                std::uint64_t index) {
  const auto tx = block_hash + ":tx:" + std::to_string(index);
  boost::json::object t;
  t["hash"] = hex_digest(tx);
  t["blockHash"] = block_hash;
  t["blockNumber"] = to_quantity(number);
  t["transactionIndex"] = to_quantity(index);
  t["from"] = hex_digest(tx + ":from", 20);
  t["to"] = hex_digest(tx + ":to", 20);
  t["value"] = to_quantity(digest64(tx) % 1'000'000'000'000'000'000ULL);
  t["gas"] = "0x5208";
  t["gasPrice"] = "0x3b9aca00";
  t["nonce"] = to_quantity(digest64(tx, 7) % 1000);
  t["input"] = "0x";
  t["type"] = "0x2";
  return t;
}

} // namespace

chain::chain(std::uint64_t chain_id, std::uint64_t start_block, std::chrono::milliseconds interval,
             clock::time_point start, std::int64_t start_unix_ms)
    : id_(chain_id),
      start_block_(start_block),
      interval_(interval),
      start_(start),
      start_unix_ms_(start_unix_ms) {}

std::uint64_t chain::head(clock::time_point now) const {
  if (now <= start_)
    return start_block_;
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - start_);
  return start_block_ + static_cast<std::uint64_t>(elapsed / interval_);
}

chain::clock::time_point chain::time_of(std::uint64_t block) const {
  if (block <= start_block_)
    return start_;
  return start_ + interval_ * static_cast<std::int64_t>(block - start_block_);
}

std::string chain::hash_of(std::uint64_t block) const {
  return hex_digest("block:" + std::to_string(id_) + ":" + std::to_string(block));
}

std::uint64_t chain::timestamp_of(std::uint64_t block) const {
  // Clamped so that far-away block numbers can neither overflow nor go before 1970.
  constexpr std::uint64_t max_blocks = 1ULL << 32;
  const auto distance
    = std::min(block > start_block_ ? block - start_block_ : start_block_ - block, max_blocks);
  const auto offset_ms = static_cast<std::int64_t>(distance) * interval_.count();
  const auto ms = block >= start_block_ ? start_unix_ms_ + offset_ms
                                        : std::max<std::int64_t>(start_unix_ms_ - offset_ms, 0);
  return static_cast<std::uint64_t>(ms / 1000);
}

boost::json::object chain::header(std::uint64_t block) const {
  const auto hash = hash_of(block);
  boost::json::object h;
  h["number"] = to_quantity(block);
  h["hash"] = hash;
  h["parentHash"] = block == 0 ? zero_hash : hash_of(block - 1);
  h["timestamp"] = to_quantity(timestamp_of(block));
  h["miner"] = hex_digest(hash + ":miner", 20);
  h["stateRoot"] = hex_digest(hash + ":state");
  h["transactionsRoot"] = hex_digest(hash + ":transactions");
  h["receiptsRoot"] = hex_digest(hash + ":receipts");
  h["logsBloom"] = empty_bloom;
  h["difficulty"] = "0x0";
  h["gasLimit"] = "0x1c9c380";
  h["gasUsed"] = to_quantity(21000 * transaction_count(hash));
  h["baseFeePerGas"] = "0x3b9aca00";
  h["extraData"] = "0x";
  h["mixHash"] = hex_digest(hash + ":mix");
  h["nonce"] = "0x0000000000000000";
  return h;
}

boost::json::object chain::block(std::uint64_t number, bool full) const {
  auto b = header(number);
  const auto hash = hash_of(number);
  boost::json::array transactions;
  for (std::uint64_t i = 0, n = transaction_count(hash); i < n; ++i) {
    auto t = transaction(hash, number, i);
    if (full)
      transactions.emplace_back(std::move(t));
    else
      transactions.emplace_back(t["hash"]);
  }
  b["size"] = to_quantity(600 + 120 * transactions.size());
  b["transactions"] = std::move(transactions);
  b["uncles"] = boost::json::array{};
  return b;
}

} // namespace switchyard::rpc_sim
