// The canvas: the photo under the pointer, and what each tool does with it.
#include "editor.hpp"
#include "keys.hpp"
#include "planning/editing.hpp"

#include <algorithm>
#include <cmath>
#include <imgui.h>

namespace hp::app {
namespace {

ImVec2 toImVec(Point p) {
    return ImVec2(static_cast<float>(p.x), static_cast<float>(p.y));
}
Point fromImVec(ImVec2 v) {
    return {v.x, v.y};
}

std::optional<ZoneKind> zoneKindOf(Tool tool) {
    switch (tool) {
    case Tool::GraftZone:
        return ZoneKind::Graft;
    case Tool::SmpZone:
        return ZoneKind::Smp;
    case Tool::DonorZone:
        return ZoneKind::Donor;
    default:
        return std::nullopt;
    }
}

const char* kindLabel(ZoneKind kind) {
    switch (kind) {
    case ZoneKind::Graft:
        return "Graft zone";
    case ZoneKind::Smp:
        return "SMP zone";
    case ZoneKind::Donor:
        return "Donor zone";
    }
    return "Zone";
}

constexpr ImU32 kHandleFill = IM_COL32(250, 250, 245, 255);
constexpr ImU32 kHandleEdge = IM_COL32(30, 34, 40, 255);
constexpr ImU32 kHandleSelected = IM_COL32(255, 196, 61, 255);
constexpr ImU32 kDraftLine = IM_COL32(255, 255, 255, 230);

} // namespace

double Editor::pickRadiusPx() const {
    return 9.0 * uiScale_ / view_.zoom;
}

void Editor::canvasWindow() {
    ImGui::SetNextWindowPos(ImVec2(static_cast<float>(canvas_.x), static_cast<float>(canvas_.y)));
    ImGui::SetNextWindowSize(
        ImVec2(static_cast<float>(canvas_.width), static_cast<float>(canvas_.height)));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav |
                                   ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin("##canvas", nullptr, flags);
    ImGui::PopStyleVar(2);
    const ImVec2 size(std::max(1.0f, static_cast<float>(canvas_.width)),
                      std::max(1.0f, static_cast<float>(canvas_.height)));
    ImGui::InvisibleButton("##photo", size,
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonMiddle |
                               ImGuiButtonFlags_MouseButtonRight);
    canvasInput(ImGui::IsItemHovered());
    if (!presentation_) drawHandles();
    ImGui::End();
}

void Editor::canvasInput(bool hovered) {
    const ImGuiIO& io = ImGui::GetIO();
    const Point mouse = fromImVec(io.MousePos);

    if (hovered && io.MouseWheel != 0.0f)
        view_.zoomAbout(mouse, std::pow(1.2, static_cast<double>(io.MouseWheel)));

    // Pan with the middle button, or with the left while space is held.
    const bool spaceHeld = !io.WantTextInput && ImGui::IsKeyDown(keys::kSpace);
    if (hovered && (ImGui::IsMouseClicked(ImGuiMouseButton_Middle) ||
                    (spaceHeld && ImGui::IsMouseClicked(ImGuiMouseButton_Left))))
        panning_ = true;
    if (panning_) {
        view_.offsetX += io.MouseDelta.x;
        view_.offsetY += io.MouseDelta.y;
        if (!ImGui::IsMouseDown(ImGuiMouseButton_Middle) &&
            !ImGui::IsMouseDown(ImGuiMouseButton_Left))
            panning_ = false;
        return;
    }
    if (presentation_) return;

    const Point image = view_.toImage(mouse);
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
        pressOnCanvas(image, ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left));
    else if (dragging_ && ImGui::IsMouseDown(ImGuiMouseButton_Left))
        dragOnCanvas(image);
    if (dragging_ && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) releaseOnCanvas();
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right) && !draft_.empty())
        draft_.pop_back();
}

Selection Editor::pick(Point image) const {
    const Plan& plan = doc_.plan();
    const double r = pickRadiusPx();
    Selection s;
    const bool hairlineTool = tool_ == Tool::Hairline || tool_ == Tool::Select;
    if (hairlineTool && plan.hairline)
        if (const auto i = nearestVertex(plan.hairline->points, image, r))
            return {Selection::Kind::HairlinePoint, -1, static_cast<int>(*i)};
    if ((tool_ == Tool::Glabella || tool_ == Tool::Select) && plan.glabella &&
        std::hypot(plan.glabella->x - image.x, plan.glabella->y - image.y) <= r)
        return {Selection::Kind::Glabella, -1, -1};
    if (tool_ == Tool::Calibrate || tool_ == Tool::Select)
        if (const auto* ruler =
                plan.calibration ? std::get_if<RulerCalibration>(&*plan.calibration) : nullptr)
            if (const auto i = nearestVertex({ruler->p1, ruler->p2}, image, r))
                return {Selection::Kind::RulerPoint, -1, static_cast<int>(*i)};
    if (tool_ != Tool::Select) return s;
    // Vertices of the selected zone first, then of any zone from the top down, then insides.
    if (selection_.zone >= 0 && selection_.zone < static_cast<int>(plan.zones.size()))
        if (const auto v = nearestVertex(
                plan.zones[static_cast<std::size_t>(selection_.zone)].points, image, r))
            return {Selection::Kind::ZoneVertex, selection_.zone, static_cast<int>(*v)};
    for (std::size_t i = plan.zones.size(); i-- > 0;)
        if (const auto v = nearestVertex(plan.zones[i].points, image, r))
            return {Selection::Kind::ZoneVertex, static_cast<int>(i), static_cast<int>(*v)};
    for (std::size_t i = plan.zones.size(); i-- > 0;)
        if (insideOutline(plan.zones[i].points, image))
            return {Selection::Kind::Zone, static_cast<int>(i), -1};
    return s;
}

void Editor::pressOnCanvas(Point image, bool doubleClick) {
    const Plan& plan = doc_.plan();
    if (const auto kind = zoneKindOf(tool_)) {
        (void)kind;
        if (doubleClick)
            finishDraft(); // the first click of the pair added the last vertex
        else
            draft_.push_back(image);
        return;
    }
    if (tool_ == Tool::Hairline && !plan.hairline) {
        if (doubleClick)
            finishDraft();
        else
            draft_.push_back(image);
        return;
    }
    if (tool_ == Tool::Glabella) {
        doc_.beginEdit().glabella = image; // the drag that follows is part of this gesture
        selection_ = {Selection::Kind::Glabella, -1, -1};
        dragging_ = true;
        return;
    }

    // Double-click on an edge inserts a vertex (zones) or a control point (the hairline).
    if (doubleClick) {
        const double r = pickRadiusPx();
        if (tool_ == Tool::Hairline && plan.hairline) {
            if (const auto hit = nearestEdge(shapes_.smoothHairline, image, r, false)) {
                doc_.edit([&](Plan& p) {
                    auto& pts = p.hairline->points;
                    const auto at =
                        std::upper_bound(pts.begin(), pts.end(), hit->at.x,
                                         [](double x, const Point& q) { return x < q.x; });
                    const auto index = at - pts.begin();
                    pts.insert(at, hit->at);
                    selection_ = {Selection::Kind::HairlinePoint, -1, static_cast<int>(index)};
                });
                return;
            }
        }
        if (tool_ == Tool::Select) {
            for (std::size_t i = plan.zones.size(); i-- > 0;) {
                if (const auto hit = nearestEdge(plan.zones[i].points, image, r, true)) {
                    doc_.edit([&](Plan& p) {
                        auto& pts = p.zones[i].points;
                        pts.insert(pts.begin() + static_cast<std::ptrdiff_t>(hit->edge + 1),
                                   hit->at);
                    });
                    selection_ = {Selection::Kind::ZoneVertex, static_cast<int>(i),
                                  static_cast<int>(hit->edge + 1)};
                    return;
                }
            }
        }
    }

    const Selection hit = pick(image);
    if (tool_ == Tool::Calibrate && hit.kind != Selection::Kind::RulerPoint) {
        draft_.push_back(image);
        if (draft_.size() == 2) {
            if (draft_[0] == draft_[1])
                draft_.pop_back();
            else
                askCalibrationMm_ = true;
        }
        return;
    }
    selection_ = hit;
    if (hit.kind != Selection::Kind::None) {
        dragging_ = true;
        dragStart_ = image;
        dragOriginal_ =
            hit.zone >= 0 ? plan.zones[static_cast<std::size_t>(hit.zone)].points : Outline{};
    }
}

void Editor::dragOnCanvas(Point image) {
    if (image == dragStart_ && selection_.kind != Selection::Kind::Glabella) return;
    const Plan& current = doc_.plan();
    switch (selection_.kind) {
    case Selection::Kind::ZoneVertex:
        doc_.beginEdit()
            .zones[static_cast<std::size_t>(selection_.zone)]
            .points[static_cast<std::size_t>(selection_.vertex)] = image;
        break;
    case Selection::Kind::Zone: {
        Outline moved = dragOriginal_;
        const Point delta = image - dragStart_;
        for (Point& p : moved)
            p = p + delta;
        doc_.beginEdit().zones[static_cast<std::size_t>(selection_.zone)].points = std::move(moved);
        break;
    }
    case Selection::Kind::HairlinePoint: {
        std::optional<double> midline;
        if (symmetric_ && current.glabella) midline = current.glabella->x;
        const double tolerance = current.calibration ? 15.0 / mmPerPx(*current.calibration) : 150.0;
        moveHairlinePoint(*doc_.beginEdit().hairline, static_cast<std::size_t>(selection_.vertex),
                          image, midline, tolerance);
        break;
    }
    case Selection::Kind::Glabella:
        doc_.beginEdit().glabella = image;
        break;
    case Selection::Kind::RulerPoint: {
        auto ruler = std::get<RulerCalibration>(*current.calibration);
        (selection_.vertex == 0 ? ruler.p1 : ruler.p2) = image;
        if (!(ruler.p1 == ruler.p2)) doc_.beginEdit().calibration = ruler;
        break;
    }
    case Selection::Kind::None:
        break;
    }
}

void Editor::releaseOnCanvas() {
    dragging_ = false;
    doc_.endEdit();
}

void Editor::finishDraft() {
    if (const auto kind = zoneKindOf(tool_)) {
        if (draft_.size() < 3) return; // the status bar says a zone needs 3 points
        const Plan& plan = doc_.plan();
        const auto sameKind = std::count_if(plan.zones.begin(), plan.zones.end(),
                                            [&](const Zone& z) { return z.kind == *kind; });
        Zone zone = makeZone(
            *kind, std::string(kindLabel(*kind)) + " " + std::to_string(sameKind + 1), draft_);
        doc_.edit([&](Plan& p) { p.zones.push_back(std::move(zone)); });
        selection_ = {Selection::Kind::Zone, static_cast<int>(doc_.plan().zones.size()) - 1, -1};
        draft_.clear();
        return;
    }
    if (tool_ == Tool::Hairline && !doc_.plan().hairline) {
        std::vector<Point> points = draft_;
        std::sort(points.begin(), points.end(), [](Point a, Point b) { return a.x < b.x; });
        points.erase(std::unique(points.begin(), points.end()), points.end());
        if (points.size() < 2) return;
        doc_.edit([&](Plan& p) {
            p.hairline = Hairline{};
            p.hairline->points = std::move(points);
        });
        draft_.clear();
    }
}

void Editor::deleteSelection() {
    const Plan& plan = doc_.plan();
    const auto zone = static_cast<std::size_t>(std::max(0, selection_.zone));
    const auto vertex = static_cast<std::size_t>(std::max(0, selection_.vertex));
    switch (selection_.kind) {
    case Selection::Kind::ZoneVertex:
        if (plan.zones[zone].points.size() > 3) {
            doc_.edit([&](Plan& p) {
                p.zones[zone].points.erase(p.zones[zone].points.begin() +
                                           static_cast<std::ptrdiff_t>(vertex));
            });
            selection_ = {Selection::Kind::Zone, selection_.zone, -1};
            return;
        }
        [[fallthrough]]; // a triangle loses the whole zone
    case Selection::Kind::Zone:
        doc_.edit(
            [&](Plan& p) { p.zones.erase(p.zones.begin() + static_cast<std::ptrdiff_t>(zone)); });
        break;
    case Selection::Kind::HairlinePoint:
        doc_.edit([&](Plan& p) {
            if (p.hairline->points.size() > 2)
                p.hairline->points.erase(p.hairline->points.begin() +
                                         static_cast<std::ptrdiff_t>(vertex));
            else
                p.hairline.reset();
        });
        break;
    case Selection::Kind::Glabella:
        doc_.edit([](Plan& p) { p.glabella.reset(); });
        break;
    case Selection::Kind::RulerPoint:
        doc_.edit([](Plan& p) { p.calibration.reset(); });
        break;
    case Selection::Kind::None:
        return;
    }
    selection_ = {};
}

void Editor::drawHandles() {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const Plan& plan = doc_.plan();
    const float s = uiScale_;
    const auto square = [&](Point image, bool selected) {
        const ImVec2 c = toImVec(view_.toScreen(image));
        const float h = 4.5f * s;
        draw->AddRectFilled(ImVec2(c.x - h, c.y - h), ImVec2(c.x + h, c.y + h),
                            selected ? kHandleSelected : kHandleFill);
        draw->AddRect(ImVec2(c.x - h, c.y - h), ImVec2(c.x + h, c.y + h), kHandleEdge, 0, 0,
                      1.5f * s);
    };
    const auto circle = [&](Point image, bool selected) {
        const ImVec2 c = toImVec(view_.toScreen(image));
        draw->AddCircleFilled(c, 5.5f * s, selected ? kHandleSelected : kHandleFill);
        draw->AddCircle(c, 5.5f * s, kHandleEdge, 0, 1.5f * s);
    };

    if (selection_.zone >= 0 && selection_.zone < static_cast<int>(plan.zones.size())) {
        const Outline& pts = plan.zones[static_cast<std::size_t>(selection_.zone)].points;
        for (std::size_t i = 0; i < pts.size(); ++i)
            square(pts[i], selection_.kind == Selection::Kind::ZoneVertex &&
                               selection_.vertex == static_cast<int>(i));
    }
    if (plan.hairline && (tool_ == Tool::Hairline || tool_ == Tool::Select)) {
        std::optional<std::size_t> partner;
        if (selection_.kind == Selection::Kind::HairlinePoint && symmetric_ && plan.glabella)
            partner = mirrorPartner(plan.hairline->points,
                                    static_cast<std::size_t>(selection_.vertex), plan.glabella->x,
                                    plan.calibration ? 15.0 / mmPerPx(*plan.calibration) : 150.0);
        for (std::size_t i = 0; i < plan.hairline->points.size(); ++i)
            circle(plan.hairline->points[i], (selection_.kind == Selection::Kind::HairlinePoint &&
                                              selection_.vertex == static_cast<int>(i)) ||
                                                 partner == i);
    }
    if (plan.glabella && (tool_ == Tool::Glabella || tool_ == Tool::Select))
        circle(*plan.glabella, selection_.kind == Selection::Kind::Glabella);
    if (tool_ == Tool::Calibrate && plan.calibration)
        if (const auto* ruler = std::get_if<RulerCalibration>(&*plan.calibration)) {
            square(ruler->p1,
                   selection_.kind == Selection::Kind::RulerPoint && selection_.vertex == 0);
            square(ruler->p2,
                   selection_.kind == Selection::Kind::RulerPoint && selection_.vertex == 1);
        }

    // The outline being drawn, with a rubber band to the pointer.
    if (!draft_.empty()) {
        std::vector<ImVec2> screen;
        for (const Point& p : draft_)
            screen.push_back(toImVec(view_.toScreen(p)));
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        if (screen.size() > 1)
            draw->AddPolyline(screen.data(), static_cast<int>(screen.size()), kDraftLine, 0,
                              2.0f * s);
        if (!askCalibrationMm_) draw->AddLine(screen.back(), mouse, kDraftLine, 1.5f * s);
        if (zoneKindOf(tool_) && screen.size() >= 2)
            draw->AddLine(mouse, screen.front(), IM_COL32(255, 255, 255, 110), 1.0f * s);
        for (const Point& p : draft_)
            square(p, false);
    }
}

} // namespace hp::app
