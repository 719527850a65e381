// An OpenGL context for render tests, made with no X display, as on a headless machine or in CI.
#pragma once

#include "render/offscreen_context.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

namespace hp::test {

/// Fails the test, with the reason, if the context cannot be made.
inline render::OffscreenContext headlessContext() {
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    std::string error;
    auto context = render::OffscreenContext::create(&error);
    INFO("OffscreenContext::create: " << error);
    REQUIRE(context.has_value());
    return std::move(*context);
}

} // namespace hp::test
