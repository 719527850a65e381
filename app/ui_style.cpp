#include "ui_style.hpp"

#include <cmath>
#include <filesystem>
#include <imgui.h>

namespace hp::app {

bool applyUiStyle(float contentScale) {
    const float scale = contentScale > 0.5f ? contentScale : 1.0f;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // Basic Latin and Latin-1 (², °, é...), General Punctuation (“ ” — …).
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x205E, 0};
    const char* font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    const float pixels = std::round(16.0f * scale);
    std::error_code ec;
    bool loaded = false;
    if (std::filesystem::exists(font, ec))
        loaded = io.Fonts->AddFontFromFileTTF(font, pixels, nullptr, ranges) != nullptr;
    if (!loaded) {
        ImFontConfig config;
        config.SizePixels = std::round(13.0f * scale);
        io.Fonts->AddFontDefault(&config);
    }

    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    ImGui::StyleColorsDark(&style);
    style.WindowRounding = 0.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.PopupRounding = 6.0f;
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 6);
    style.WindowPadding = ImVec2(10, 8);
    ImVec4* c = style.Colors;
    const ImVec4 slate(0.12f, 0.13f, 0.15f, 1.0f);
    const ImVec4 accent(0.20f, 0.52f, 0.60f, 1.0f);
    c[ImGuiCol_WindowBg] = slate;
    c[ImGuiCol_ChildBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.0f);
    c[ImGuiCol_PopupBg] = ImVec4(0.14f, 0.15f, 0.17f, 0.98f);
    c[ImGuiCol_MenuBarBg] = ImVec4(0.10f, 0.11f, 0.12f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.25f, 0.27f, 0.30f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.19f, 0.21f, 0.24f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.24f, 0.27f, 0.31f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.27f, 0.31f, 0.36f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.21f, 0.24f, 0.28f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.36f, 0.42f, 1.0f);
    c[ImGuiCol_ButtonActive] = accent;
    c[ImGuiCol_Header] = ImVec4(0.20f, 0.28f, 0.33f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.24f, 0.36f, 0.42f, 1.0f);
    c[ImGuiCol_HeaderActive] = accent;
    c[ImGuiCol_CheckMark] = ImVec4(0.45f, 0.80f, 0.85f, 1.0f);
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.03f);
    style.ScaleAllSizes(scale);
    return loaded;
}

} // namespace hp::app
