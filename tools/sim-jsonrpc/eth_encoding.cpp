#include "tools/sim-jsonrpc/eth_encoding.hpp"

#include <algorithm>

namespace switchyard::rpc_sim {

namespace {

constexpr char digits[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

bool all_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return hex_value(c) >= 0; });
}

// The finaliser of splitmix64: FNV alone leaves the high bits of short inputs poorly mixed.
std::uint64_t mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

} // namespace

std::string to_quantity(std::uint64_t value) {
  char buffer[16];
  char* end = buffer + sizeof(buffer);
  char* at = end;
  do {
    *--at = digits[value & 0xf];
    value >>= 4;
  } while (value != 0);
  std::string out = "0x";
  out.append(at, end);
  return out;
}

std::optional<std::uint64_t> parse_quantity(std::string_view text) {
  if (!text.starts_with("0x") || text.size() < 3 || text.size() > 18 || !all_hex(text.substr(2)))
    return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text.substr(2))
    value = value << 4 | static_cast<std::uint64_t>(hex_value(c));
  return value;
}

bool is_address(std::string_view text) {
  return text.size() == 42 && text.starts_with("0x") && all_hex(text.substr(2));
}

bool is_hex_data(std::string_view text) {
  return text.starts_with("0x") && text.size() % 2 == 0 && all_hex(text.substr(2));
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  return out;
}

std::uint64_t digest64(std::string_view data, std::uint64_t salt) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ mix(salt);
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return mix(h);
}

std::string hex_digest(std::string_view data, std::size_t bytes) {
  std::string out = "0x";
  out.reserve(2 + 2 * bytes);
  for (std::size_t word = 0; out.size() < 2 + 2 * bytes; ++word) {
    auto h = digest64(data, word + 1);
    for (int i = 0; i < 16 && out.size() < 2 + 2 * bytes; ++i, h >>= 4)
      out += digits[h & 0xf];
  }
  return out;
}

} // namespace switchyard::rpc_sim
