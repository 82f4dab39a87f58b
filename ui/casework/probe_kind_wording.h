#pragma once

#include <QString>

#include "store/probe_record.h"

namespace facecase::ui {

// The words the GUI uses for what a probe is declared to be (ProbeRecord::DeclaredKind): a
// short tag for the probe list and a longer label for the declaration dialog. The stored value
// stays ProbeRecord::kindName(); these are for people only.
struct ProbeKindWording {
    static QString tag(ProbeRecord::DeclaredKind kind);    // "CCTV still"
    static QString label(ProbeRecord::DeclaredKind kind);  // "CCTV still (frame from video)"
};

}  // namespace facecase::ui
