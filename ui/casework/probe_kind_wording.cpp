#include "casework/probe_kind_wording.h"

#include <QCoreApplication>

namespace facecase::ui {

QString ProbeKindWording::tag(ProbeRecord::DeclaredKind kind) {
    using K = ProbeRecord::DeclaredKind;
    switch (kind) {
        case K::CameraPhoto: return QCoreApplication::translate("ProbeKindWording", "camera photo");
        case K::Screenshot: return QCoreApplication::translate("ProbeKindWording", "screenshot");
        case K::CctvStill: return QCoreApplication::translate("ProbeKindWording", "CCTV still");
        case K::EditedImage: return QCoreApplication::translate("ProbeKindWording", "edited image");
        case K::CompositeSketch: return QCoreApplication::translate("ProbeKindWording", "composite sketch");
        case K::ArtistDrawing: return QCoreApplication::translate("ProbeKindWording", "artist drawing");
        case K::Unknown: break;
    }
    return QCoreApplication::translate("ProbeKindWording", "kind not declared");
}

QString ProbeKindWording::label(ProbeRecord::DeclaredKind kind) {
    using K = ProbeRecord::DeclaredKind;
    switch (kind) {
        case K::CameraPhoto: return QCoreApplication::translate("ProbeKindWording", "Camera photo (taken of the person)");
        case K::Screenshot: return QCoreApplication::translate("ProbeKindWording", "Screenshot / social media image");
        case K::CctvStill: return QCoreApplication::translate("ProbeKindWording", "CCTV still (frame from video)");
        case K::EditedImage: return QCoreApplication::translate("ProbeKindWording", "Edited image (cropped, retouched, composited…)");
        case K::CompositeSketch: return QCoreApplication::translate("ProbeKindWording", "Composite sketch");
        case K::ArtistDrawing: return QCoreApplication::translate("ProbeKindWording", "Artist drawing");
        case K::Unknown: break;
    }
    return tag(kind);
}

}  // namespace facecase::ui
