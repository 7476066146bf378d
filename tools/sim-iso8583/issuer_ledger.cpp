#include "tools/sim-iso8583/issuer_ledger.hpp"

#include <optional>

namespace switchyard::sim {

namespace {

bool is_financial_request(std::string_view mti) {
  // ISO 8583:1987 MTI: class 1 (authorization) or 2 (financial), function 0 (request),
  // origin 0 or 1 (repeat).
  return mti.size() == 4 && (mti[1] == '1' || mti[1] == '2') && mti[2] == '0'
         && (mti[3] == '0' || mti[3] == '1');
}

bool is_reversal(std::string_view mti) {
  return mti.size() == 4 && mti[1] == '4' && (mti[2] == '0' || mti[2] == '2')
         && (mti[3] == '0' || mti[3] == '1');
}

// Appends a tab and `value` ("-" when absent).
void add_column(std::string& line, std::optional<std::string_view> value) {
  line += '\t';
  tools::add_ledger_column(line, value.value_or(std::string_view{}));
}

void add_field(std::string& line, const iso8583::message& m, int field) {
  add_column(line, m.find(field));
}

} // namespace

std::string ledger_line(const iso8583::message& request, issuer_outcome outcome,
                        const iso8583::message& response) {
  const auto mti = request.has_mti() ? request.mti() : std::string_view{};
  const bool financial = is_financial_request(mti);
  if (outcome == issuer_outcome::ignored || (!financial && !is_reversal(mti)))
    return {};
  std::string line = financial ? "request" : "advice";
  add_column(line, mti);
  add_field(line, request, 37);
  add_field(line, request, 11);
  add_field(line, request, 41);
  if (financial) {
    add_column(line, to_string(outcome));
  } else {
    add_field(line, request, 90);
    const auto code = outcome == issuer_outcome::dropped
                        ? std::optional<std::string_view>{"dropped"}
                        : response.find(39);
    add_column(line, code);
  }
  line += '\n';
  return line;
}

} // namespace switchyard::sim
