#include "planning/editing.hpp"
#include "planning/summary.hpp"

#include <catch2/catch.hpp>

using namespace hp;

TEST_CASE("nearest edge and vertex", "[editing]") {
    const Outline square{{0, 0}, {100, 0}, {100, 100}, {0, 100}};
    const auto hit = nearestEdge(square, {50, 3}, 10, true);
    REQUIRE(hit);
    CHECK(hit->edge == 0);
    CHECK(hit->at == Point{50, 0});
    CHECK(hit->distance == 3.0);
    const auto closing = nearestEdge(square, {-2, 50}, 10, true);
    REQUIRE(closing);
    CHECK(closing->edge == 3); // the edge from the last vertex back to the first
    CHECK_FALSE(nearestEdge(square, {-2, 50}, 10, false)); // open: no closing edge
    CHECK_FALSE(nearestEdge(square, {50, 50}, 10, true));
    CHECK(nearestVertex(square, {98, 97}, 5) == std::optional<std::size_t>{2});
    CHECK_FALSE(nearestVertex(square, {50, 50}, 5));
}

TEST_CASE("inside an outline under the non-zero rule", "[editing]") {
    const Outline square{{0, 0}, {100, 0}, {100, 100}, {0, 100}};
    CHECK(insideOutline(square, {50, 50}));
    CHECK_FALSE(insideOutline(square, {150, 50}));
    const Outline reversed{square.rbegin(), square.rend()};
    CHECK(insideOutline(reversed, {50, 50}));
}

TEST_CASE("templates put the mid-frontal point where the literature does", "[editing]") {
    Plan p;
    p.calibration = ScaleCalibration{0.1};
    p.glabella = Point{1500, 2000};
    p.patient.sex = Sex::Male;
    p.hairline = templateHairline(HairlineTemplate::Male, *p.glabella, 0.1);
    Summary s = summarize(p);
    CHECK(*s.hairline->midFrontalHeightMm == Approx(80.0).margin(0.01));
    CHECK(*s.hairline->mirrorErrorMm == Approx(0.0).margin(1e-6));
    CHECK(s.warnings.empty());

    p.patient.sex = Sex::Female;
    p.hairline = templateHairline(HairlineTemplate::Female, *p.glabella, 0.1);
    s = summarize(p);
    CHECK(*s.hairline->midFrontalHeightMm == Approx(60.0).margin(0.01));
    CHECK(s.warnings.empty());
}

TEST_CASE("raising the hairline moves every point by the same millimetres", "[editing]") {
    Hairline h = templateHairline(HairlineTemplate::Male, {1500, 2000}, 0.1);
    const Hairline before = h;
    raiseHairline(h, 5.0, 0.1);
    for (std::size_t i = 0; i < h.points.size(); ++i) {
        CHECK(h.points[i].x == before.points[i].x);
        CHECK(h.points[i].y == Approx(before.points[i].y - 50.0));
    }
}

TEST_CASE("symmetric editing moves the mirrored point", "[editing]") {
    Hairline h = templateHairline(HairlineTemplate::Male, {1500, 2000}, 0.1);
    REQUIRE(mirrorPartner(h.points, 1, 1500, 20) == std::optional<std::size_t>{7});
    REQUIRE(mirrorPartner(h.points, 4, 1500, 20) == std::optional<std::size_t>{4});

    const Point to{h.points[1].x - 20, h.points[1].y - 30};
    moveHairlinePoint(h, 1, to, 1500.0, 20);
    CHECK(h.points[1] == to);
    CHECK(h.points[7].x == Approx(3000 - to.x));
    CHECK(h.points[7].y == to.y);

    // The middle point keeps to the midline.
    moveHairlinePoint(h, 4, {1520, 1150}, 1500.0, 20);
    CHECK(h.points[4] == Point{1500, 1150});

    // Without a midline only the dragged point moves.
    const Point other = h.points[7];
    moveHairlinePoint(h, 1, {h.points[1].x, h.points[1].y + 10}, std::nullopt, 20);
    CHECK(h.points[7] == other);
}

TEST_CASE("a dragged control point does not pass its neighbours", "[editing]") {
    Hairline h;
    h.points = {{0, 0}, {100, 0}, {200, 0}};
    moveHairlinePoint(h, 1, {500, 10}, std::nullopt, 5);
    CHECK(h.points[1].x < 200);
    CHECK(h.points[1].y == 10);
}
