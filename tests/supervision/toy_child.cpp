#include "tests/supervision/toy_child.hpp"

#include <stdexcept>
#include <thread>
#include <utility>

namespace switchyard::supervision::test {

namespace {

caf::behavior toy(caf::event_based_actor* self, std::string name, caf::actor observer,
                  on_exit_msg reaction) {
  self->set_exit_handler([=](caf::exit_msg& msg) {
    caf::anon_send(observer, stopping_atom::value, name);
    if (reaction == on_exit_msg::comply)
      self->quit(msg.reason);
  });
  return {
    [](caf::ping_atom) { return caf::pong_atom_v; },
    [=](fail_atom) { self->quit(caf::make_error(caf::sec::runtime_error, "toy failure")); },
    [](throw_atom) { throw std::runtime_error("toy throws"); },
    [=](finish_atom) { self->quit(); },
  };
}

} // namespace

test_config::test_config() {
  set("scheduler.max-threads", 2);
  switchyard::supervision::add_message_types(*this);
}

child_spec toy_spec(std::string name, caf::actor observer, restart_type restart,
                    on_exit_msg reaction, std::chrono::milliseconds shutdown_timeout) {
  auto start = [name, observer, reaction](caf::local_actor& sup) {
    caf::anon_send(observer, started_atom::value, name);
    return sup.spawn(toy, name, observer, reaction);
  };
  return child_spec{std::move(name), std::move(start), restart, shutdown_timeout, false};
}

std::string next_event(caf::scoped_actor& self, std::chrono::milliseconds timeout) {
  std::string result = "timeout";
  self->receive([&](started_atom, const std::string& name) { result = "started:" + name; },
                [&](stopping_atom, const std::string& name) { result = "stopping:" + name; },
                caf::after(timeout) >> [] {});
  return result;
}

std::vector<std::string> next_events(caf::scoped_actor& self, std::size_t n) {
  std::vector<std::string> result;
  for (std::size_t i = 0; i < n; ++i)
    result.push_back(next_event(self));
  return result;
}

caf::down_msg await_down(caf::scoped_actor& self, std::chrono::milliseconds timeout) {
  caf::down_msg result{caf::actor_addr{}, caf::make_error(caf::sec::request_timeout)};
  self->receive([&](caf::down_msg& msg) { result = std::move(msg); }, caf::after(timeout) >> [] {});
  return result;
}

std::vector<child_status> status_of(caf::scoped_actor& self, const caf::actor& sup) {
  std::vector<child_status> result;
  self->request(sup, std::chrono::seconds(3), status_atom_v)
    .receive([&](std::vector<child_status>& rows) { result = std::move(rows); },
             [](caf::error&) {});
  return result;
}

std::vector<child_status>
status_when(caf::scoped_actor& self, const caf::actor& sup,
            const std::function<bool(const std::vector<child_status>&)>& done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  auto rows = status_of(self, sup);
  while (!done(rows) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    rows = status_of(self, sup);
  }
  return rows;
}

child_status row_at(const std::vector<child_status>& rows, const std::string& path) {
  for (const auto& row : rows)
    if (row.path == path)
      return row;
  return child_status{path, "absent", 0, 0, false};
}

caf::expected<caf::actor> whereis(caf::scoped_actor& self, const caf::actor& sup,
                                  const std::string& name) {
  caf::expected<caf::actor> result{caf::make_error(caf::sec::request_timeout)};
  self->request(sup, std::chrono::seconds(3), whereis_atom_v, name)
    .receive([&](caf::actor& child) { result = std::move(child); },
             [&](caf::error& err) { result = std::move(err); });
  return result;
}

caf::error shut_down(caf::scoped_actor& self, const caf::actor& sup) {
  self->send_exit(sup, caf::exit_reason::user_shutdown);
  return await_down(self).reason;
}

} // namespace switchyard::supervision::test
