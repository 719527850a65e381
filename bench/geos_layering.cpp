// hairplan_geos_layering: the counting rules' layering (plan-format.md §2 rules 2, 6-9) done with
// GEOS polygon overlays instead of hairplan's scan-beam sweep. It is the competitor for the
// README's budget, so it reads the same plan file and prints the same figures as
// `hairplan summary`, and shares no counting code with hairplan (only nlohmann-json and GEOS).
//
//   hairplan_geos_layering PLAN.json [--method running-union|neighbours] [--zones]
//
// --method running-union (the default): for each stack, from the top layer down,
//     counted_i = area(zone_i - U), U = U ∪ zone_i, with U the union of the zones above.
// --method neighbours: counted_i = area(zone_i minus each zone above whose bounding box meets
//     it), in turn; no growing union, so each overlay stays the size of one zone.
// --zones also prints every zone's areas.
//
// It does not build the hairline transition band (that needs hairplan's spline and noise), so
// it refuses a plan that has one: a calibrated hairline with transition_mm > 0.
// Exit status: 0 success, 2 bad input, 1 a GEOS failure.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <geos_c.h>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Json = nlohmann::json;

struct BadInput : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// --- The plan, as much of it as the layering needs -------------------------------------------

enum Kind { kGraft = 0, kSmp = 1, kDonor = 2 };
constexpr const char* kKindNames[] = {"graft", "smp", "donor"};

struct XY {
    double x, y;
};

struct ZoneInput {
    std::string name;
    Kind kind = kGraft;
    std::vector<XY> points;
    double densityFuCm2 = 40.0;
    double hairsPerGraft = 2.0;
    double densityDotsCm2 = 100.0;
    double extractionFraction = 0.25;
};

struct PlanInput {
    std::optional<double> cm2PerPx2; // nullopt: uncalibrated
    std::vector<ZoneInput> zones;
};

double number(const Json& object, const char* key, double fallback) {
    const auto it = object.find(key);
    if (it == object.end()) return fallback;
    if (!it->is_number()) throw BadInput(std::string(key) + " must be a number");
    return it->get<double>();
}

XY point(const Json& j) {
    if (!j.is_array() || j.size() != 2 || !j[0].is_number() || !j[1].is_number())
        throw BadInput("a point must be [x, y]");
    return {j[0].get<double>(), j[1].get<double>()};
}

PlanInput readPlan(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw BadInput("cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    const Json doc = Json::parse(text.str(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) throw BadInput("not a JSON object");
    if (doc.value("format", std::string()) != "hairplan") throw BadInput("not a hairplan plan");

    PlanInput plan;
    if (const auto c = doc.find("calibration"); c != doc.end() && c->is_object()) {
        if (c->contains("mm_per_px")) {
            const double mmPerPx = number(*c, "mm_per_px", 0.0);
            plan.cm2PerPx2 = mmPerPx * mmPerPx / 100.0;
        } else {
            const XY p1 = point(c->at("p1")), p2 = point(c->at("p2"));
            const double mm = number(*c, "mm", 0.0);
            const double dx = p2.x - p1.x, dy = p2.y - p1.y;
            plan.cm2PerPx2 = mm * mm / ((dx * dx + dy * dy) * 100.0);
        }
    }
    if (const auto h = doc.find("hairline");
        h != doc.end() && h->is_object() && plan.cm2PerPx2 && number(*h, "transition_mm", 8.0) > 0)
        throw BadInput(
            "the plan has a hairline transition band, which this program does not "
            "build; compare on a plan without a hairline (hairplan_make_plan writes one)");

    if (const auto zones = doc.find("zones"); zones != doc.end()) {
        for (const Json& z : *zones) {
            ZoneInput zone;
            zone.name = z.value("name", "Zone " + std::to_string(plan.zones.size() + 1));
            const std::string kind = z.value("kind", std::string("graft"));
            if (kind == "smp")
                zone.kind = kSmp;
            else if (kind == "donor")
                zone.kind = kDonor;
            else if (kind != "graft")
                throw BadInput("unknown zone kind " + kind);
            zone.densityFuCm2 = number(z, "density_fu_cm2", zone.kind == kDonor ? 80.0 : 40.0);
            zone.hairsPerGraft = number(z, "hairs_per_graft", 2.0);
            zone.densityDotsCm2 = number(z, "density_dots_cm2", 100.0);
            zone.extractionFraction = number(z, "extraction_fraction", 0.25);
            const Json& points = z.at("points");
            zone.points.reserve(points.size());
            for (const Json& p : points)
                zone.points.push_back(point(p));
            plan.zones.push_back(std::move(zone));
        }
    }
    return plan;
}

// --- GEOS -------------------------------------------------------------------------------------

void collectMessage(const char* message, void* userdata) {
    *static_cast<std::string*>(userdata) = message;
}

class Geos {
  public:
    Geos() : ctx_(GEOS_init_r()) {
        GEOSContext_setErrorMessageHandler_r(ctx_, collectMessage, &lastError_);
    }
    ~Geos() { GEOS_finish_r(ctx_); }
    Geos(const Geos&) = delete;
    Geos& operator=(const Geos&) = delete;

    GEOSContextHandle_t get() const { return ctx_; }

    // Throws with GEOS's last message when an operation returned null.
    template <class T> T* check(T* result, const char* what) const {
        if (!result) throw std::runtime_error(std::string(what) + " failed: " + lastError_);
        return result;
    }

  private:
    GEOSContextHandle_t ctx_;
    std::string lastError_;
};

struct GeomDeleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(ctx, g); }
};
using Geom = std::unique_ptr<GEOSGeometry, GeomDeleter>;

Geom own(const Geos& geos, GEOSGeometry* g, const char* what) {
    return Geom(geos.check(g, what), GeomDeleter{geos.get()});
}

double area(const Geos& geos, const GEOSGeometry* g) {
    double a = 0.0;
    if (!GEOSArea_r(geos.get(), g, &a)) throw std::runtime_error("GEOSArea failed");
    return a;
}

// The outline closed (last point = first), as GEOS wants a ring.
GEOSCoordSequence* closedSequence(const Geos& geos, const std::vector<XY>& pts) {
    std::vector<double> xy;
    xy.reserve(2 * pts.size() + 2);
    for (const XY& p : pts) {
        xy.push_back(p.x);
        xy.push_back(p.y);
    }
    if (pts.front().x != pts.back().x || pts.front().y != pts.back().y) {
        xy.push_back(pts.front().x);
        xy.push_back(pts.front().y);
    }
    return geos.check(GEOSCoordSeq_copyFromBuffer_r(geos.get(), xy.data(),
                                                    static_cast<unsigned>(xy.size() / 2), 0, 0),
                      "GEOSCoordSeq_copyFromBuffer");
}

// Winding number of the closed outline around (x, y): Sunday's crossing rule.
int windingNumber(const std::vector<XY>& pts, double x, double y) {
    int w = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        const XY a = pts[i], b = pts[(i + 1) % pts.size()];
        const double side = (b.x - a.x) * (y - a.y) - (x - a.x) * (b.y - a.y);
        if (a.y <= y) {
            if (b.y > y && side > 0) ++w;
        } else if (b.y <= y && side < 0) {
            --w;
        }
    }
    return w;
}

// The region an outline encloses under the non-zero winding rule (rule 2). A simple outline is a
// valid GEOS polygon whatever its orientation. A self-crossing one is not, and neither buffer(0)
// (which drops lobes that turn the other way) nor GEOSMakeValid (whose linework method keeps the
// even-odd region) is specified to give the non-zero region; so its linework is noded,
// polygonized into faces, and the faces it winds around are unioned.
Geom zoneRegion(const Geos& geos, const std::vector<XY>& pts) {
    GEOSContextHandle_t ctx = geos.get();
    Geom polygon = own(geos,
                       GEOSGeom_createPolygon_r(
                           ctx,
                           geos.check(GEOSGeom_createLinearRing_r(ctx, closedSequence(geos, pts)),
                                      "GEOSGeom_createLinearRing"),
                           nullptr, 0),
                       "GEOSGeom_createPolygon");
    const char valid = GEOSisValid_r(ctx, polygon.get());
    if (valid == 1) return polygon;
    if (valid != 0) throw std::runtime_error("GEOSisValid failed");

    const Geom line = own(geos, GEOSGeom_createLineString_r(ctx, closedSequence(geos, pts)),
                          "GEOSGeom_createLineString");
    const Geom noded = own(geos, GEOSNode_r(ctx, line.get()), "GEOSNode");
    const GEOSGeometry* linework[] = {noded.get()};
    const Geom faces = own(geos, GEOSPolygonize_r(ctx, linework, 1), "GEOSPolygonize");
    std::vector<GEOSGeometry*> kept;
    const int n = GEOSGetNumGeometries_r(ctx, faces.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* face = GEOSGetGeometryN_r(ctx, faces.get(), i);
        const Geom inside = own(geos, GEOSPointOnSurface_r(ctx, face), "GEOSPointOnSurface");
        double x = 0, y = 0;
        GEOSGeomGetX_r(ctx, inside.get(), &x);
        GEOSGeomGetY_r(ctx, inside.get(), &y);
        if (windingNumber(pts, x, y) != 0)
            kept.push_back(geos.check(GEOSGeom_clone_r(ctx, face), "GEOSGeom_clone"));
    }
    // The collection takes ownership of the kept faces.
    const Geom collection = own(geos,
                                GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, kept.data(),
                                                            static_cast<unsigned>(kept.size())),
                                "GEOSGeom_createCollection");
    return own(geos, GEOSUnaryUnion_r(ctx, collection.get()), "GEOSUnaryUnion");
}

// --- Layering ---------------------------------------------------------------------------------

enum class Method { RunningUnion, Neighbours };

struct Box {
    double minX, minY, maxX, maxY;
    bool meets(const Box& o) const {
        return minX <= o.maxX && o.minX <= maxX && minY <= o.maxY && o.minY <= maxY;
    }
};

Box boxOf(const std::vector<XY>& pts) {
    Box b{pts[0].x, pts[0].y, pts[0].x, pts[0].y};
    for (const XY& p : pts) {
        b.minX = std::min(b.minX, p.x);
        b.maxX = std::max(b.maxX, p.x);
        b.minY = std::min(b.minY, p.y);
        b.maxY = std::max(b.maxY, p.y);
    }
    return b;
}

struct Areas {
    double drawnPx = 0.0;
    double countedPx = 0.0;
};

// `stack` holds zone indices from the bottom layer to the top one.
void layer(const Geos& geos, const std::vector<Geom>& regions, const std::vector<Box>& boxes,
           const std::vector<std::size_t>& stack, Method method, std::vector<Areas>& out) {
    GEOSContextHandle_t ctx = geos.get();
    for (const std::size_t i : stack)
        out[i].drawnPx = regions[i] ? area(geos, regions[i].get()) : 0;
    if (method == Method::RunningUnion) {
        Geom covered; // union of the layers above the current one; null while there is none
        for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
            const Geom& zone = regions[*it];
            if (!zone) continue;
            if (!covered) {
                out[*it].countedPx = out[*it].drawnPx;
                covered = own(geos, GEOSGeom_clone_r(ctx, zone.get()), "GEOSGeom_clone");
                continue;
            }
            const Geom visible =
                own(geos, GEOSDifference_r(ctx, zone.get(), covered.get()), "GEOSDifference");
            out[*it].countedPx = area(geos, visible.get());
            covered = own(geos, GEOSUnion_r(ctx, covered.get(), zone.get()), "GEOSUnion");
        }
        return;
    }
    for (std::size_t s = 0; s < stack.size(); ++s) {
        const std::size_t i = stack[s];
        if (!regions[i]) continue;
        Geom visible; // null: still the whole region
        for (std::size_t above = s + 1; above < stack.size(); ++above) {
            const std::size_t j = stack[above];
            if (!regions[j] || !boxes[i].meets(boxes[j])) continue;
            const GEOSGeometry* from = visible ? visible.get() : regions[i].get();
            visible = own(geos, GEOSDifference_r(ctx, from, regions[j].get()), "GEOSDifference");
            if (GEOSisEmpty_r(ctx, visible.get()) == 1) break;
        }
        out[i].countedPx = visible ? area(geos, visible.get()) : out[i].drawnPx;
    }
}

// --- Figures ----------------------------------------------------------------------------------

long long rounded(double v) {
    return std::llround(v);
} // half away from zero (rule 7)

int run(const std::string& file, Method method, bool listZones) {
    const PlanInput plan = readPlan(file);
    Geos geos;

    std::vector<Geom> regions;
    std::vector<Box> boxes;
    std::vector<std::size_t> stacks[3];
    for (std::size_t i = 0; i < plan.zones.size(); ++i) {
        const ZoneInput& z = plan.zones[i];
        if (z.points.size() >= 3) {
            regions.push_back(zoneRegion(geos, z.points));
            boxes.push_back(boxOf(z.points));
        } else {
            regions.emplace_back(nullptr, GeomDeleter{geos.get()});
            boxes.push_back({});
        }
        stacks[z.kind].push_back(i);
    }
    std::vector<Areas> areas(plan.zones.size());
    for (const auto& stack : stacks)
        layer(geos, regions, boxes, stack, method, areas);

    const auto cm2 = [&](double px) { return px * plan.cm2PerPx2.value_or(0.0); };
    double areaCm2[3] = {0, 0, 0};
    double countedPx[3] = {0, 0, 0};
    long long grafts = 0, hairs = 0, dots = 0, capacity = 0;
    if (listZones)
        std::cout << "zone\tkind\tdrawn_area_px\tcounted_area_px\tcounted_area_cm2\tcount\tname\n";
    for (std::size_t i = 0; i < plan.zones.size(); ++i) {
        const ZoneInput& z = plan.zones[i];
        const double counted = cm2(areas[i].countedPx);
        countedPx[z.kind] += areas[i].countedPx;
        areaCm2[z.kind] += counted;
        long long count = 0;
        switch (z.kind) {
        case kGraft:
            count = rounded(counted * z.densityFuCm2);
            grafts += count;
            hairs += rounded(static_cast<double>(count) * z.hairsPerGraft);
            break;
        case kSmp:
            count = rounded(counted * z.densityDotsCm2);
            dots += count;
            break;
        case kDonor:
            count = rounded(counted * z.densityFuCm2 * z.extractionFraction);
            capacity += count;
            break;
        }
        if (listZones)
            std::printf("%zu\t%s\t%.3f\t%.3f\t%.6f\t%lld\t%s\n", i, kKindNames[z.kind],
                        areas[i].drawnPx, areas[i].countedPx, counted, count, z.name.c_str());
    }

    std::printf("plan %s: %zu zones (%zu graft, %zu smp, %zu donor), GEOS %s, method %s\n",
                file.c_str(), plan.zones.size(), stacks[kGraft].size(), stacks[kSmp].size(),
                stacks[kDonor].size(), GEOSversion(),
                method == Method::RunningUnion ? "running-union" : "neighbours");
    std::printf("graft_area_px %.3f\nsmp_area_px %.3f\ndonor_area_px %.3f\n", countedPx[kGraft],
                countedPx[kSmp], countedPx[kDonor]);
    if (!plan.cm2PerPx2) {
        std::printf("uncalibrated: no cm2 figures or counts\n");
        return 0;
    }
    std::printf("graft_area_cm2 %.4f\ngrafts %lld\nhairs %lld\n", areaCm2[kGraft], grafts, hairs);
    std::printf("smp_area_cm2 %.4f\nsmp_dots %lld\n", areaCm2[kSmp], dots);
    std::printf("donor_area_cm2 %.4f\ndonor_capacity %lld\n", areaCm2[kDonor], capacity);
    if (stacks[kDonor].empty())
        std::printf("donor_balance null\n");
    else
        std::printf("donor_balance %lld\n", capacity - grafts);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::string file;
    Method method = Method::RunningUnion;
    bool listZones = false;
    bool usable = true;
    for (int i = 1; i < argc && usable; ++i) {
        const std::string arg = argv[i];
        if (arg == "--zones") {
            listZones = true;
        } else if (arg == "--method" && i + 1 < argc) {
            const std::string m = argv[++i];
            usable = m == "running-union" || m == "neighbours";
            if (m == "neighbours") method = Method::Neighbours;
        } else {
            usable = file.empty() && !arg.starts_with("-");
            file = arg;
        }
    }
    if (!usable || file.empty()) {
        std::cerr << "usage: hairplan_geos_layering PLAN.json [--method running-union|neighbours] "
                     "[--zones]\n";
        return 2;
    }
    try {
        return run(file, method, listZones);
    } catch (const BadInput& e) {
        std::cerr << "hairplan_geos_layering: " << file << ": " << e.what() << '\n';
        return 2;
    } catch (const Json::exception& e) {
        std::cerr << "hairplan_geos_layering: " << file << ": " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "hairplan_geos_layering: " << file << ": " << e.what() << '\n';
        return 1;
    }
}
