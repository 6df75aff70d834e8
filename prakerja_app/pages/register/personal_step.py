"""Step 5: the personal-data form, the two photos, and "check your answers" before sending."""

import json

import reflex as rx

from prakerja_app.api.guards import UPLOAD_TICKET_HEADER
from prakerja_app.components.forms import (
    checkbox,
    field_error,
    form_message,
    native_select,
    radio_group,
    step_form,
    submit_button,
    text_field,
)
from prakerja_app.pages.register.wizard import WizardState
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.labels import (
    CATEGORY_LABELS,
    EDUCATION_LABELS,
    EMPLOYMENT_LABELS,
    MARITAL_STATUS_LABELS,
    SEX_LABELS,
)
from prakerja_app.services.registration import personal_data, photos, regions
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.registration.personal_data import PersonalAnswers
from prakerja_app.services.views import messages
from prakerja_app.services.views import registration as registration_view
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import ServiceForm, form_text, query, shows_refusals

FORM, PHOTOS, REVIEW = "form", "photos", "review"
PROVINCE_OPTIONS = list(regions.PROVINCES.items())
# Where the page keeps its upload ticket (sent with each photo upload, which travels
# without the session cookie; see api.guards.upload_guard): in the page only, never in
# the state the server keeps.
UPLOAD_TICKET = "prakerjaUploadTicket"
TEXT_FIELDS = ("full_name_ktp", "ktp_address", "domicile_address", "district")
CHOICE_FIELDS = (
    "sex",
    "marital_status",
    "education",
    "employment_status",
    "training_interest",
    "province_code",
    "regency_code",
)


def _answers(fields: dict[str, str]) -> PersonalAnswers:
    """The form's fields as the service takes them (checkboxes send "on")."""
    school = fields.get("in_formal_education", "")
    return PersonalAnswers(
        **{name: fields.get(name, "") for name in TEXT_FIELDS + CHOICE_FIELDS},
        domicile_same=fields.get("domicile_same") == "on",
        in_formal_education={"ya": True, "tidak": False}.get(school),
        not_excluded_occupation=fields.get("not_excluded_occupation") == "on",
    )


class PersonalState(ServiceForm, rx.State):
    """What the personal-data step shows: the saved answers, previews and the summary."""

    phase: str = FORM
    saved: dict[str, str] = {}
    domicile_same: bool = True
    province: str = ""
    regencies: list[tuple[str, str]] = []
    previews: dict[str, str] = {}
    summary: list[tuple[str, str]] = []
    uploading: str = ""

    async def _refresh(self, phase: str | None = None) -> rx.event.EventSpec | None:
        """Reload what the step shows; in the photos phase, the page's upload ticket."""
        user_id = await self._applicant_id()
        data = await query(personal_data.saved_data, user_id)
        self.saved = {name: getattr(data, name) for name in TEXT_FIELDS + CHOICE_FIELDS}
        self.domicile_same = data.domicile_same or not data.full_name_ktp
        self.province = data.province_code
        self.regencies = regions.regencies_of(self.province)
        self.previews = {}
        for field in personal_data.PHOTO_FIELDS:
            self.previews[field] = await query(
                personal_data.photo_preview, user_id=user_id, field=field
            )
        if phase is None:
            phase = REVIEW if data.complete else PHOTOS if data.full_name_ktp else FORM
        self.phase = phase
        if phase == REVIEW:
            self.summary = await query(registration_view.summary, user_id)
        if phase != PHOTOS:
            return None
        ticket = await (await self.get_state(AuthState))._upload_ticket(user_id)
        return rx.call_script(f"window.{UPLOAD_TICKET} = {json.dumps(ticket)}")

    @rx.event
    @shows_refusals
    async def load(self):
        """Prefill from the server and open the right part of the step."""
        self.errors, self.message = {}, ""
        return await self._refresh()

    @rx.event
    def choose_province(self, code: str):
        """Show the regencies of the chosen province."""
        self.province = code if isinstance(code, str) and code in regions.PROVINCES else ""
        self.regencies = regions.regencies_of(self.province)

    @rx.event
    def toggle_domicile_same(self):
        """Show or hide the domicile address field."""
        self.domicile_same = not self.domicile_same

    @rx.event
    async def save(self, form: dict):
        """Check and save the form (a draft), then go on to the photos."""
        if await self._run(personal_data.save_form, answers=_answers(form_text(form))):
            return await self._refresh(PHOTOS)
        return None

    async def _upload(self, field: str, files: list[rx.UploadFile]):
        if not isinstance(files, list) or len(files) > 1:
            self.errors = {field: "Pilih satu foto saja."}
            return
        if not files and field in self.errors:  # turned down: `photo_rejected` said why
            return
        self.uploading = field
        data = await files[0].read(photos.MAX_PHOTO_BYTES + 1) if files else b""
        ok = await self._run(personal_data.save_photo, field=field, data=data)
        self.uploading = ""
        if ok:
            await self._refresh(PHOTOS)  # the page's ticket still holds: no new one

    @rx.event
    def photo_rejected(self, field: str, rejected: list):
        """The browser turned a file down (not a JPG or PNG, such as a PDF): say so next
        to the field, in Indonesian, instead of the upload's English pop-up."""
        if field in personal_data.PHOTO_FIELDS and isinstance(rejected, list):
            self.errors = {field: messages.text(DomainError(RegistrationError.PHOTO_TYPE))}

    @rx.event
    async def upload_ktp_photo(self, files: list[rx.UploadFile]):
        """Store the KTP photo (checked, re-encoded, kept private)."""
        return await self._upload("ktp_photo", files)

    @rx.event
    async def upload_selfie_photo(self, files: list[rx.UploadFile]):
        """Store the selfie holding the KTP."""
        return await self._upload("selfie_photo", files)

    @rx.event
    @shows_refusals
    async def review(self):
        """Show every answer for a last check (both photos needed)."""
        self.errors, self.message = {}, ""
        ticket = await self._refresh()
        if self.phase != REVIEW:
            missing = [f for f in personal_data.PHOTO_FIELDS if not self.previews.get(f)]
            self.errors = dict.fromkeys(missing, "Unggah foto ini terlebih dahulu.")
        return ticket

    @rx.event
    @shows_refusals
    async def edit(self):
        """Go back to the form to change an answer."""
        await self._refresh(FORM)

    @rx.event
    async def submit(self, form: dict):
        """Send the data for good, with the honesty statement; the page then shows the
        next step, so its state keeps none of the data."""
        honesty = form_text(form).get("honesty") == "on"
        if await self._run(personal_data.submit, honesty=honesty):
            self.reset()
            return WizardState.load
        return None


def _options(labels: dict) -> list[tuple[str, str]]:
    return list(labels.items())


def _data_form() -> rx.Component:
    errors, saved = PersonalState.errors, PersonalState.saved
    return step_form(
        "Data diri",
        rx.text("Isi sesuai KTP. Data dapat diubah sampai Anda mengirimnya.", color="gray"),
        text_field(
            "Nama lengkap sesuai KTP",
            "full_name_ktp",
            errors,
            default_value=saved["full_name_ktp"],
            auto_complete="name",
            aria_required="true",
        ),
        radio_group("Jenis kelamin", "sex", _options(SEX_LABELS), errors, saved["sex"]),
        text_field(
            "Alamat sesuai KTP",
            "ktp_address",
            errors,
            default_value=saved["ktp_address"],
            hint="Jalan, nomor, RT/RW, kelurahan/desa.",
            aria_required="true",
        ),
        rx.el.label(
            rx.el.input(
                type="checkbox",
                name="domicile_same",
                checked=PersonalState.domicile_same,
                on_change=PersonalState.toggle_domicile_same,
                class_name="choice-input",
            ),
            rx.text("Alamat domisili sama dengan alamat KTP", size="2"),
            class_name="choice",
        ),
        rx.cond(
            ~PersonalState.domicile_same,
            text_field(
                "Alamat domisili",
                "domicile_address",
                errors,
                default_value=saved["domicile_address"],
                hint="Alamat tempat Anda tinggal sekarang.",
            ),
        ),
        native_select(
            "Provinsi domisili",
            "province_code",
            PROVINCE_OPTIONS,
            errors,
            placeholder="Pilih provinsi",
            value=PersonalState.province,
            on_change=PersonalState.choose_province,
        ),
        native_select(
            "Kabupaten/kota domisili",
            "regency_code",
            PersonalState.regencies,
            errors,
            placeholder="Pilih kabupaten/kota",
            default_value=saved["regency_code"],
            key=PersonalState.province,
        ),
        text_field("Kecamatan domisili", "district", errors, default_value=saved["district"]),
        native_select(
            "Status perkawinan",
            "marital_status",
            _options(MARITAL_STATUS_LABELS),
            errors,
            placeholder="Pilih status",
            default_value=saved["marital_status"],
        ),
        native_select(
            "Pendidikan terakhir",
            "education",
            _options(EDUCATION_LABELS),
            errors,
            placeholder="Pilih pendidikan",
            default_value=saved["education"],
        ),
        native_select(
            "Status pekerjaan",
            "employment_status",
            _options(EMPLOYMENT_LABELS),
            errors,
            placeholder="Pilih status pekerjaan",
            default_value=saved["employment_status"],
        ),
        native_select(
            "Minat pelatihan",
            "training_interest",
            _options(CATEGORY_LABELS),
            errors,
            placeholder="Pilih bidang",
            default_value=saved["training_interest"],
        ),
        radio_group(
            "Apakah Anda sedang sekolah atau kuliah?",
            "in_formal_education",
            [("tidak", "Tidak"), ("ya", "Ya")],
            errors,
        ),
        checkbox(
            "Saya bukan pejabat negara, anggota DPRD, ASN, anggota TNI/Polri, kepala atau"
            " perangkat desa, maupun direksi/komisaris BUMN/BUMD.",
            "not_excluded_occupation",
            errors,
        ),
        message=PersonalState.message,
        submit=submit_button("Simpan dan lanjut"),
        on_submit=PersonalState.save,
    )


def _photo_upload(field: str, label: str, noun: str, hint: str, handler) -> rx.Component:
    preview = PersonalState.previews[field]
    return rx.vstack(
        rx.text(label, weight="medium"),
        rx.text(hint, size="2", color="gray", id=f"{field}-hint"),
        rx.cond(
            preview != "",
            rx.image(src=preview, alt=f"Pratinjau {noun}", class_name="photo-preview"),
        ),
        rx.upload.root(
            rx.button(
                rx.icon("camera"),
                rx.cond(preview != "", f"Ganti {noun}", f"Pilih {noun}"),
                type="button",
                variant="outline",
                size="3",
                width="100%",
                aria_describedby=f"{field}-hint",
            ),
            id=field,
            accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]},
            max_files=1,
            multiple=False,
            no_drag=True,
            on_drop=handler(
                rx.upload_files(
                    upload_id=field,
                    extra_headers={UPLOAD_TICKET_HEADER: rx.Var(f"(window.{UPLOAD_TICKET} ?? '')")},
                )
            ),
            on_drop_rejected=lambda rejected: PersonalState.photo_rejected(field, rejected),
            width="100%",
        ),
        rx.cond(
            PersonalState.uploading == field,
            rx.text("Mengunggah...", size="2", role="status"),
        ),
        field_error(field, PersonalState.errors),
        spacing="2",
        width="100%",
        class_name=f"upload-{field}",
    )


def _photos() -> rx.Component:
    return rx.vstack(
        rx.heading("Foto KTP dan selfie", size="5", as_="h2"),
        rx.text(
            f"Format JPG atau PNG, paling besar {photos.MAX_PHOTO_MB} MB (foto dari kamera HP"
            " langsung dapat dipakai). Foto hanya dilihat oleh petugas.",
            color="gray",
        ),
        _photo_upload(
            "ktp_photo",
            "Foto KTP",
            "foto KTP",
            "Foto KTP asli, seluruh kartu terlihat dan tulisannya terbaca.",
            PersonalState.upload_ktp_photo,
        ),
        _photo_upload(
            "selfie_photo",
            "Foto selfie dengan KTP",
            "foto selfie",
            "Foto wajah Anda sambil memegang KTP di samping wajah.",
            PersonalState.upload_selfie_photo,
        ),
        form_message(PersonalState.message),
        rx.button("Periksa data", on_click=PersonalState.review, size="3", width="100%"),
        rx.button("Ubah data diri", on_click=PersonalState.edit, variant="ghost", size="3"),
        spacing="4",
        width="100%",
    )


def _review() -> rx.Component:
    return step_form(
        "Periksa data Anda",
        rx.text(
            "Setelah dikirim, data tidak dapat diubah lagi. Pastikan semuanya benar.",
            color="gray",
        ),
        rx.el.dl(
            rx.foreach(
                PersonalState.summary,
                lambda row: rx.box(
                    rx.el.dt(row[0], font_size="13px", color="var(--gray-11)"),
                    rx.el.dd(row[1], margin="0", font_weight="500"),
                    padding_y="6px",
                    border_bottom="1px solid var(--gray-a4)",
                ),
            ),
            width="100%",
            margin="0",
        ),
        rx.hstack(
            rx.cond(
                PersonalState.previews["ktp_photo"] != "",
                rx.image(
                    src=PersonalState.previews["ktp_photo"],
                    alt="Foto KTP Anda",
                    class_name="photo-preview",
                ),
            ),
            rx.cond(
                PersonalState.previews["selfie_photo"] != "",
                rx.image(
                    src=PersonalState.previews["selfie_photo"],
                    alt="Foto selfie Anda",
                    class_name="photo-preview",
                ),
            ),
            wrap="wrap",
        ),
        checkbox(
            "Saya menyatakan bahwa data yang saya isi benar dan dapat dipertanggungjawabkan."
            " Data yang tidak benar dapat membatalkan kepesertaan.",
            "honesty",
            PersonalState.errors,
        ),
        message=PersonalState.message,
        submit=submit_button("Kirim data"),
        after=(
            rx.button(
                "Ubah data", type="button", on_click=PersonalState.edit, variant="ghost", size="3"
            ),
        ),
        on_submit=PersonalState.submit,
    )


def personal_step() -> rx.Component:
    """The personal-data step: form, photos or review, as the server says."""
    return rx.box(
        rx.match(
            PersonalState.phase,
            (PHOTOS, _photos()),
            (REVIEW, _review()),
            _data_form(),
        ),
        on_mount=PersonalState.load,
        width="100%",
    )


def upload_handlers() -> set[str]:
    """The full names of the upload handlers, as an upload request names them."""
    state = PersonalState.get_full_name()
    return {f"{state}.upload_ktp_photo", f"{state}.upload_selfie_photo"}
