#include "store/probe_record.h"

#include <QStringList>
#include <array>
#include <utility>

namespace facecase {

namespace {
using Kind = ProbeRecord::DeclaredKind;
constexpr std::array<std::pair<Kind, const char*>, 7> kKinds{{
    {Kind::CameraPhoto, "camera_photo"},
    {Kind::Screenshot, "screenshot"},
    {Kind::CctvStill, "cctv_still"},
    {Kind::EditedImage, "edited_image"},
    {Kind::CompositeSketch, "composite_sketch"},
    {Kind::ArtistDrawing, "artist_drawing"},
    {Kind::Unknown, "unknown"},
}};
}  // namespace

bool ProbeRecord::isDrawing() const {
    return declaredKind == DeclaredKind::CompositeSketch ||
           declaredKind == DeclaredKind::ArtistDrawing;
}

QString ProbeRecord::kindName(DeclaredKind kind) {
    for (const auto& [value, name] : kKinds)
        if (value == kind) return QLatin1String(name);
    return QStringLiteral("unknown");
}

std::optional<ProbeRecord::DeclaredKind> ProbeRecord::kindFromName(const QString& name) {
    for (const auto& [value, text] : kKinds)
        if (name == QLatin1String(text)) return value;
    return std::nullopt;
}

QString ProbeRecord::kindNames() {
    QStringList names;
    for (const auto& entry : kKinds) names << QLatin1String(entry.second);
    return names.join(QStringLiteral(", "));
}

}  // namespace facecase
