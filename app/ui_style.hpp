// How the editor looks: fonts sized by the monitor's content scale and a calm theme.
#pragma once

namespace hp::app {

/// Loads DejaVu Sans (Debian's fonts-dejavu-core) at round(16 * scale) pixels, with the glyphs
/// the interface writes (Latin-1, typographic quotes and dashes, ²); falls back to ImGui's
/// built-in font when the file is missing. Applies the theme with every size scaled once.
/// Returns whether DejaVu Sans was loaded.
bool applyUiStyle(float contentScale);

} // namespace hp::app
