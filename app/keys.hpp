// Key indices into ImGuiIO::KeysDown (ImGui 1.86's pre-1.87 input API). The GLFW backend fills
// that array by GLFW key code, and GLFW's codes for letters and digits are their ASCII capitals,
// so the editor names them by character. Named keys go through ImGui::GetKeyIndex(ImGuiKey_*).
#pragma once

namespace hp::app::keys {

inline constexpr int kLetter(char c) {
    return c;
}
inline constexpr int kDigit1 = '1';
inline constexpr int kLeftShift = 340; // GLFW_KEY_LEFT_SHIFT
inline constexpr int kSpace = 32;      // GLFW_KEY_SPACE

} // namespace hp::app::keys
