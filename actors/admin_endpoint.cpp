#include "actors/admin.hpp"

#include "caf/function_view.hpp"
#include "caf/io/middleman.hpp"
#include "caf/openssl/manager.hpp"
#include "caf/openssl/publish.hpp"

namespace switchyard {

namespace {

// middleman::unpublish takes any handle with an address(); the old admin is gone,
// only its address is left.
struct departed_actor {
  caf::actor_addr addr;

  caf::actor_addr address() const { return addr; }
};

} // namespace

admin_endpoint::admin_endpoint(std::string address, std::uint16_t port, bool tls)
    : address_(std::move(address)), port_(port), tls_(tls) {}

caf::expected<std::uint16_t> admin_endpoint::publish(caf::actor_system& sys,
                                                     const admin_actor& admin) {
  std::unique_lock<std::mutex> guard{mutex_};
  caf::expected<std::uint16_t> port{caf::sec::none};
  if (tls_) {
    if (published_) {
      auto unpublish = caf::make_function_view(sys.openssl_manager().actor_handle());
      unpublish(caf::unpublish_atom_v, published_, port_);
    }
    port = caf::openssl::publish(admin, port_, address_.c_str(), true);
  } else {
    auto& mm = sys.middleman();
    if (published_)
      mm.unpublish(departed_actor{published_}, port_);
    port = mm.publish(admin, port_, address_.c_str(), true);
  }
  if (port) {
    port_ = *port;
    published_ = admin.address();
  }
  if (!first_) {
    first_ = port;
    first_done_.notify_all();
  }
  return port;
}

std::uint16_t admin_endpoint::port() {
  std::unique_lock<std::mutex> guard{mutex_};
  return port_;
}

caf::expected<std::uint16_t> admin_endpoint::await_first(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> guard{mutex_};
  if (!first_done_.wait_for(guard, timeout, [this] { return first_.has_value(); }))
    return caf::make_error(caf::sec::request_timeout, "admin actor was not published in time");
  return *first_;
}

} // namespace switchyard
