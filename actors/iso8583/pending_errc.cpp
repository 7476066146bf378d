#include "actors/iso8583/pending_errc.hpp"

#include <string>

namespace switchyard {

namespace {

class pending_category_impl : public std::error_category {
public:
  const char* name() const noexcept override { return "pending_requests"; }

  std::string message(int value) const override {
    switch (static_cast<pending_errc>(value)) {
      case pending_errc::missing_mti:
        return "the request has no MTI";
      case pending_errc::not_a_request:
        return "the MTI is not a request, advice or notification";
      case pending_errc::missing_match_field:
        return "the request lacks a match field";
      case pending_errc::key_in_use:
        return "the request key is in use and field 11 is not a match field";
      case pending_errc::no_free_stan:
        return "every switch-assigned STAN would collide";
      case pending_errc::duplicate:
        return "the same transaction is in flight";
    }
    return "unknown pending_requests error";
  }
};

} // namespace

const std::error_category& pending_category() noexcept {
  static const pending_category_impl instance;
  return instance;
}

std::error_code make_error_code(pending_errc e) noexcept {
  return {static_cast<int>(e), pending_category()};
}

} // namespace switchyard
