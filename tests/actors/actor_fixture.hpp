#pragma once

// An actor system on CAF's test coordinator (scheduler.policy = testing): actors run only
// when the test says so, one message at a time, and timers fire when the test triggers them,
// so actor tests are deterministic.

#include "actors/type_registry.hpp"

#include "caf/all.hpp"

#include <doctest/doctest.h>

#include <vector>

namespace switchyard::test {

/// A deterministic actor system and a scoped actor to talk to it.
struct actor_fixture {
  static caf::actor_system_config& configure(caf::actor_system_config& cfg) {
    cfg.set("scheduler.policy", caf::atom("testing"));
    cfg.set("logger.file-verbosity", caf::atom("quiet"));
    add_message_types(cfg);
    return cfg;
  }

  actor_fixture()
      : sys(configure(cfg)),
        self(sys, true),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {}

  // The system waits for every actor at its end: stop those the test spawned first.
  ~actor_fixture() {
    for (auto& a : spawned)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    sched.run();
  }

  /// Stops `handle` (an actor the test spawned) when the test ends; returns it.
  template <class Handle>
  Handle stop_at_end(Handle handle) {
    spawned.push_back(caf::actor_cast<caf::actor>(handle));
    return handle;
  }

  /// Lets every actor handle what is in its mailbox, until nothing is left.
  void run() { sched.run(); }

  /// Fires every pending timer (delayed sends, request timeouts) and runs what they cause.
  void fire_timers() {
    sched.trigger_timeouts();
    sched.run();
  }

  /// Receives the next message of type T sent to `self` (which must be there already).
  template <class T>
  T next() {
    T out{};
    bool got = false;
    self->receive(
      [&](T& x) {
        out = std::move(x);
        got = true;
      },
      caf::after(std::chrono::seconds(0)) >> [] {});
    REQUIRE(got);
    return out;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scoped_actor self;
  caf::scheduler::test_coordinator& sched;
  std::vector<caf::actor> spawned;
};

} // namespace switchyard::test
