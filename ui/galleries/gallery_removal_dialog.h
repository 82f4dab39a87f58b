#pragma once

#include <QDialog>

#include <optional>

#include "store/gallery.h"
#include "store/gallery_image_key.h"

class QDialogButtonBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace facecase::ui {

class MessageBanner;

// Asks for the reason of a deletion from a gallery — the whole gallery, or one enrolled image
// named by its id or SHA-256 — because the store records it in the audit log and refuses a
// deletion without one. Like CaseStatusDialog, OK emits submitted() and the dialog stays open
// until the owner calls accept() or showError() with the store's answer.
class GalleryRemovalDialog : public QDialog {
    Q_OBJECT

public:
    enum class Target { Gallery, Image };

    GalleryRemovalDialog(Target target, const Gallery& gallery, QWidget* parent = nullptr);

    Target target() const { return m_target; }
    const Gallery& gallery() const { return m_gallery; }
    QString reason() const;
    // The image the analyst named (Target::Image): an id when the text is a whole number,
    // otherwise a SHA-256; nullopt while the field is empty or holds neither.
    std::optional<GalleryImageKey> imageKey() const;
    void showError(const QString& message);
    QString errorText() const;

    QLineEdit* imageEdit() const { return m_image; }  // null for Target::Gallery
    QPlainTextEdit* reasonEdit() const { return m_reason; }
    QPushButton* okButton() const;

signals:
    void submitted(const QString& reason);

private:
    void submit();
    void updateOk();

    Target m_target;
    Gallery m_gallery;
    MessageBanner* m_banner = nullptr;
    QLineEdit* m_image = nullptr;
    QPlainTextEdit* m_reason = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_submitting = false;
};

}  // namespace facecase::ui
