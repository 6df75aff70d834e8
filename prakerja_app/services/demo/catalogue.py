"""Katalog demo Kartu Prakerja per 4 September 2020.

Data contoh platform digital, lembaga pelatihan, dan pelatihan yang dipakai oleh seed demo.
Seluruh teks (nama lembaga, judul, dan deskripsi) ditulis asli untuk proyek ini dalam
Bahasa Indonesia; nama lembaga pelatihan selain Ruangguru bersifat fiktif, dan deskripsi
pelatihan tidak disalin dari katalog pelatihan yang sebenarnya.

Catatan: Ruangguru mundur sebagai platform digital pada 4 September 2020 (``withdrawn``
bernilai ``True``), tetapi tetap menjadi lembaga pelatihan yang kelasnya dijual melalui
platform digital lain.
"""

from typing import Final

PLATFORMS: Final[tuple[dict, ...]] = (
    {
        "slug": "bukalapak",
        "name": "Bukalapak",
        "website": "https://www.bukalapak.com/prakerja",
        "description": (
            "Marketplace yang menyediakan halaman khusus Kartu Prakerja untuk membeli pelatihan "
            "dengan saldo bantuan. Peserta dapat mengakses kelas video maupun webinar dari "
            "berbagai lembaga pelatihan."
        ),
        "withdrawn": False,
    },
    {
        "slug": "maubelajarapa",
        "name": "MauBelajarApa",
        "website": "https://maubelajarapa.com",
        "description": (
            "Platform kursus dan lokakarya yang mempertemukan peserta dengan pengajar dari beragam "
            "bidang keterampilan. Banyak kelasnya berangkat dari hobi yang bisa dikembangkan "
            "menjadi sumber penghasilan."
        ),
        "withdrawn": False,
    },
    {
        "slug": "pintaria",
        "name": "Pintaria",
        "website": "https://pintaria.com",
        "description": (
            "Platform pendidikan daring yang menawarkan pelatihan keterampilan kerja bersama "
            "berbagai lembaga mitra. Cocok bagi peserta yang ingin menambah kompetensi "
            "profesional."
        ),
        "withdrawn": False,
    },
    {
        "slug": "sekolahmu",
        "name": "Sekolah.mu",
        "website": "https://www.sekolah.mu",
        "description": (
            "Platform belajar daring dengan beragam program keterampilan untuk pelajar maupun "
            "pekerja. Menyediakan kelas mandiri berbasis video dan sesi belajar langsung."
        ),
        "withdrawn": False,
    },
    {
        "slug": "tokopedia",
        "name": "Tokopedia",
        "website": "https://www.tokopedia.com/kartu-prakerja",
        "description": (
            "Marketplace yang menyediakan etalase pelatihan Kartu Prakerja dengan pembayaran dari "
            "saldo bantuan. Peserta dapat memilih kelas berdasarkan kategori, harga, dan ulasan."
        ),
        "withdrawn": False,
    },
    {
        "slug": "pijarmahir",
        "name": "Pijar Mahir",
        "website": "https://pijarmahir.id",
        "description": (
            "Platform pelatihan daring yang dikembangkan Telkom Indonesia untuk peningkatan "
            "keterampilan kerja dan vokasi. Koleksinya banyak berfokus pada keterampilan digital."
        ),
        "withdrawn": False,
    },
    {
        "slug": "sisnaker",
        "name": "Sisnaker",
        "website": "https://sisnaker.kemnaker.go.id",
        "description": (
            "Sistem informasi ketenagakerjaan milik Kementerian Ketenagakerjaan (Kemnaker) yang "
            "juga menayangkan pelatihan Kartu Prakerja. Banyak kelasnya diselenggarakan oleh "
            "lembaga pelatihan vokasi."
        ),
        "withdrawn": False,
    },
    {
        "slug": "ruangguru",
        "name": "Ruangguru",
        "website": "https://www.ruangguru.com",
        "description": (
            "Platform belajar daring yang mundur sebagai platform digital Kartu Prakerja per 4 "
            "September 2020. Ruangguru tetap terdaftar sebagai lembaga pelatihan yang kelasnya "
            "dijual melalui platform lain."
        ),
        "withdrawn": True,
    },
)

PROVIDERS: Final[tuple[dict, ...]] = (
    {
        "slug": "ruangguru",
        "name": "Ruangguru",
        "city": "Jakarta",
        "description": (
            "Perusahaan teknologi pendidikan yang tetap menjadi lembaga pelatihan Kartu Prakerja. "
            "Kelasnya kini dipasarkan melalui platform digital mitra lainnya."
        ),
    },
    {
        "slug": "cakap-bahasa-nusantara",
        "name": "Lembaga Kursus Cakap Bahasa Nusantara",
        "city": "Bandung",
        "description": (
            "Lembaga kursus bahasa yang menekankan latihan berbicara sejak pertemuan pertama. "
            "Pengajarnya terbiasa mendampingi pekerja sektor pariwisata dan layanan."
        ),
    },
    {
        "slug": "akademi-digital-merdeka",
        "name": "Akademi Digital Merdeka",
        "city": "Jakarta",
        "description": (
            "Lembaga pelatihan keterampilan digital untuk pelaku UMKM dan pencari kerja. Materinya "
            "disusun oleh praktisi pemasaran dan pembuat konten."
        ),
    },
    {
        "slug": "sanggar-rias-ayu-lestari",
        "name": "Sanggar Rias Ayu Lestari",
        "city": "Surabaya",
        "description": (
            "Sanggar tata rias yang berpengalaman menangani rias pengantin dan acara keluarga. "
            "Kini membuka kelas daring bagi calon perias panggilan."
        ),
    },
    {
        "slug": "dapur-nusantara-academy",
        "name": "Dapur Nusantara Academy",
        "city": "Yogyakarta",
        "description": (
            "Sekolah memasak yang mengajarkan masakan rumahan Nusantara dengan sudut pandang "
            "usaha. Setiap kelas dilengkapi perhitungan bahan dan biaya."
        ),
    },
    {
        "slug": "studio-lensa-khatulistiwa",
        "name": "Studio Lensa Khatulistiwa",
        "city": "Denpasar",
        "description": (
            "Studio foto yang juga menyelenggarakan kursus fotografi untuk pemula hingga menengah. "
            "Para mentornya aktif memotret acara, produk, dan pariwisata."
        ),
    },
    {
        "slug": "griya-jahit-sekar-melati",
        "name": "Griya Jahit Sekar Melati",
        "city": "Semarang",
        "description": (
            "Tempat kursus menjahit dan kerajinan kain yang melayani ibu rumah tangga dan penjahit "
            "pemula. Fokusnya pada produk yang bisa langsung dijual."
        ),
    },
    {
        "slug": "pusat-pelatihan-kantor-prima",
        "name": "Pusat Pelatihan Kantor Prima",
        "city": "Medan",
        "description": (
            "Lembaga kursus administrasi perkantoran dan aplikasi komputer. Lulusannya banyak "
            "bekerja sebagai staf administrasi dan sekretaris."
        ),
    },
    {
        "slug": "kelas-niaga-daring",
        "name": "Kelas Niaga Daring Indonesia",
        "city": "Malang",
        "description": (
            "Komunitas belajar yang membantu pedagang kecil memindahkan usahanya ke kanal daring. "
            "Materinya praktis dan mudah diikuti dari ponsel."
        ),
    },
    {
        "slug": "rumah-kode-sulawesi",
        "name": "Rumah Kode Sulawesi",
        "city": "Makassar",
        "description": (
            "Lembaga pelatihan teknologi informasi yang mengajarkan pemrograman dan perawatan "
            "komputer. Terbuka bagi peserta tanpa latar belakang TI."
        ),
    },
    {
        "slug": "literasi-keuangan-sriwijaya",
        "name": "Lembaga Literasi Keuangan Sriwijaya",
        "city": "Palembang",
        "description": (
            "Lembaga pelatihan yang berfokus pada pengelolaan keuangan pribadi dan pembukuan usaha "
            "kecil. Materinya disampaikan dengan bahasa sehari-hari."
        ),
    },
    {
        "slug": "sinema-muda-kreatif",
        "name": "Sinema Muda Kreatif",
        "city": "Yogyakarta",
        "description": (
            "Rumah produksi kecil yang membuka kelas videografi dan penyuntingan video. Pesertanya "
            "diajak langsung mengerjakan proyek video pendek."
        ),
    },
    {
        "slug": "wirausaha-tangguh-center",
        "name": "Wirausaha Tangguh Center",
        "city": "Surabaya",
        "description": (
            "Pusat pendampingan usaha mikro yang membantu peserta merintis dan mengembangkan "
            "usaha. Mentornya berasal dari kalangan pengusaha lokal."
        ),
    },
    {
        "slug": "english-corner-parahyangan",
        "name": "English Corner Parahyangan",
        "city": "Bandung",
        "description": (
            "Tempat kursus bahasa Inggris yang mengutamakan kebutuhan dunia kerja. Kelasnya "
            "membahas wawancara, korespondensi, dan presentasi."
        ),
    },
    {
        "slug": "akademi-pemasaran-lintas-batas",
        "name": "Akademi Pemasaran Lintas Batas",
        "city": "Jakarta",
        "description": (
            "Lembaga pelatihan pemasaran digital dengan program intensif bagi calon tenaga "
            "pemasaran. Banyak materinya berbasis studi kasus usaha lokal."
        ),
    },
    {
        "slug": "kursus-bahasa-sakura-mandiri",
        "name": "Kursus Bahasa Asia Sakura Mandiri",
        "city": "Medan",
        "description": (
            "Lembaga kursus bahasa Jepang dan Mandarin untuk keperluan kerja dan usaha. "
            "Pengajarnya pernah bekerja dan belajar di luar negeri."
        ),
    },
    {
        "slug": "dapur-rempah-anging-mammiri",
        "name": "Dapur Rempah Anging Mammiri",
        "city": "Makassar",
        "description": (
            "Sekolah kuliner yang mengangkat rempah dan masakan khas Sulawesi. Kelasnya ditujukan "
            "bagi calon pemilik warung dan usaha katering."
        ),
    },
    {
        "slug": "akademi-kecantikan-puspita-sari",
        "name": "Akademi Kecantikan Puspita Sari",
        "city": "Malang",
        "description": (
            "Lembaga kursus kecantikan yang mengajarkan rias wajah, perawatan kulit, dan perawatan "
            "kuku. Cocok bagi peserta yang ingin membuka salon rumahan."
        ),
    },
    {
        "slug": "balai-kursus-tugu-muda",
        "name": "Balai Kursus Administrasi Tugu Muda",
        "city": "Semarang",
        "description": (
            "Balai kursus yang melatih keterampilan administrasi dan aplikasi perkantoran. "
            "Pelatihannya disusun mengikuti kebutuhan kantor masa kini."
        ),
    },
    {
        "slug": "bali-kreatif-digital-hub",
        "name": "Bali Kreatif Digital Hub",
        "city": "Denpasar",
        "description": (
            "Ruang belajar bagi pekerja kreatif di bidang konten, fotografi, dan video. Banyak "
            "pesertanya berasal dari sektor pariwisata yang sedang beralih profesi."
        ),
    },
    {
        "slug": "sekolah-jualan-online-juara",
        "name": "Sekolah Jualan Online Juara",
        "city": "Palembang",
        "description": (
            "Lembaga pelatihan yang khusus membahas cara berjualan di marketplace dan media "
            "sosial. Materinya diperbarui mengikuti perubahan fitur toko daring."
        ),
    },
)

TRAININGS: Final[tuple[dict, ...]] = (
    {
        "code": "PKJ-0001",
        "title": "Kelas Intensif Digital Marketing Specialist",
        "provider": "akademi-pemasaran-lintas-batas",
        "platform": "bukalapak",
        "category": "pemasaran-digital",
        "format": "webinar",
        "price": 750000,
        "duration_minutes": 1800,
        "description": (
            "Program webinar bertahap yang membahas strategi konten, iklan berbayar, pemasaran "
            "surel, dan pengukuran hasil kampanye. Peserta menyusun satu rencana kampanye utuh "
            "sebagai tugas akhir, cocok bagi yang ingin berkarier di bidang pemasaran digital."
        ),
        "published_on": "2020-03-20",
    },
    {
        "code": "PKJ-0002",
        "title": "Kosakata Bahasa Inggris untuk Lowongan Kerja",
        "provider": "cakap-bahasa-nusantara",
        "platform": "sisnaker",
        "category": "bahasa-asing",
        "format": "video",
        "price": 24000,
        "duration_minutes": 90,
        "description": (
            "Kelas singkat yang mengenalkan istilah yang sering muncul dalam iklan lowongan, CV, "
            "dan surat lamaran berbahasa Inggris. Cocok sebagai langkah awal bagi pencari kerja "
            "yang ingin memahami informasi lowongan dengan lebih tepat."
        ),
        "published_on": "2020-03-23",
    },
    {
        "code": "PKJ-0003",
        "title": "Menulis Email Bisnis dalam Bahasa Inggris",
        "provider": "english-corner-parahyangan",
        "platform": "bukalapak",
        "category": "bahasa-asing",
        "format": "video",
        "price": 99000,
        "duration_minutes": 240,
        "description": (
            "Peserta belajar menyusun email permintaan, konfirmasi, dan tindak lanjut dengan "
            "struktur yang jelas dan nada yang profesional. Ditujukan bagi pekerja kantoran dan "
            "pelaku usaha yang sering berkirim surel dengan klien asing."
        ),
        "published_on": "2020-03-28",
    },
    {
        "code": "PKJ-0004",
        "title": "Membuat Pola dan Menjahit Busana Wanita",
        "provider": "griya-jahit-sekar-melati",
        "platform": "pijarmahir",
        "category": "menjahit-kerajinan",
        "format": "webinar",
        "price": 550000,
        "duration_minutes": 1500,
        "description": (
            "Webinar ini membimbing peserta mengukur badan, membuat pola dasar, memotong kain, dan "
            "menjahit blus sederhana. Ditujukan bagi peserta yang ingin membuka jasa jahit "
            "pakaian."
        ),
        "published_on": "2020-03-31",
    },
    {
        "code": "PKJ-0005",
        "title": "Rias Pengantin Modern dan Tradisional",
        "provider": "akademi-kecantikan-puspita-sari",
        "platform": "maubelajarapa",
        "category": "tata-rias",
        "format": "webinar",
        "price": 600000,
        "duration_minutes": 1440,
        "description": (
            "Webinar ini membahas rias pengantin modern, beberapa gaya rias adat, serta persiapan "
            "sebelum hari pernikahan. Ditujukan bagi perias yang ingin menerima pesanan rias "
            "pengantin."
        ),
        "published_on": "2020-04-02",
    },
    {
        "code": "PKJ-0006",
        "title": "Mengelola Stok dan Pesanan Toko Online",
        "provider": "sekolah-jualan-online-juara",
        "platform": "tokopedia",
        "category": "penjualan-online",
        "format": "video",
        "price": 199000,
        "duration_minutes": 480,
        "description": (
            "Peserta mempelajari pencatatan stok, pemrosesan pesanan harian, dan penanganan retur "
            "agar toko tetap rapi. Cocok bagi penjual yang pesanannya mulai bertambah banyak."
        ),
        "published_on": "2020-04-06",
    },
    {
        "code": "PKJ-0007",
        "title": "Keamanan Digital: Melindungi Akun dan Data Usaha",
        "provider": "akademi-digital-merdeka",
        "platform": "sisnaker",
        "category": "teknologi-informasi",
        "format": "video",
        "price": 75000,
        "duration_minutes": 180,
        "description": (
            "Peserta belajar membuat kata sandi yang kuat, mengaktifkan verifikasi dua langkah, "
            "dan mengenali penipuan daring. Ditujukan bagi pelaku usaha dan pekerja yang banyak "
            "bertransaksi lewat internet."
        ),
        "published_on": "2020-04-11",
    },
    {
        "code": "PKJ-0008",
        "title": "Menjadi Perias Wisuda dan Pesta Panggilan",
        "provider": "sanggar-rias-ayu-lestari",
        "platform": "bukalapak",
        "category": "tata-rias",
        "format": "webinar",
        "price": 350000,
        "duration_minutes": 900,
        "description": (
            "Webinar ini membahas rias tahan lama, manajemen waktu saat melayani banyak klien, dan "
            "cara menetapkan tarif jasa. Cocok bagi perias yang ingin menjadikan keahliannya "
            "sumber penghasilan."
        ),
        "published_on": "2020-04-12",
    },
    {
        "code": "PKJ-0009",
        "title": "Menyunting Foto dengan Aplikasi Gratis",
        "provider": "studio-lensa-khatulistiwa",
        "platform": "sekolahmu",
        "category": "fotografi",
        "format": "video",
        "price": 250000,
        "duration_minutes": 600,
        "description": (
            "Peserta belajar mengatur warna, kecerahan, memotong gambar, dan menghapus objek kecil "
            "dengan aplikasi penyunting gratis. Ditujukan bagi pembuat konten dan penjual daring."
        ),
        "published_on": "2020-04-14",
    },
    {
        "code": "PKJ-0010",
        "title": "Dasar Barista: Menyeduh Kopi Manual dan Espresso",
        "provider": "dapur-nusantara-academy",
        "platform": "sekolahmu",
        "category": "kuliner",
        "format": "video",
        "price": 250000,
        "duration_minutes": 600,
        "description": (
            "Peserta mengenal jenis biji kopi, teknik seduh manual, dan dasar penggunaan mesin "
            "espresso. Cocok bagi calon barista dan peserta yang ingin membuka kedai kopi kecil."
        ),
        "published_on": "2020-04-15",
    },
    {
        "code": "PKJ-0011",
        "title": "Persiapan Tes TOEFL ITP: Listening dan Reading",
        "provider": "ruangguru",
        "platform": "pintaria",
        "category": "bahasa-asing",
        "format": "video",
        "price": 300000,
        "duration_minutes": 960,
        "description": (
            "Peserta mempelajari strategi mengerjakan bagian menyimak dan membaca, lengkap dengan "
            "latihan soal dan pembahasannya. Cocok untuk pencari kerja atau pelamar beasiswa yang "
            "membutuhkan sertifikat kemampuan bahasa Inggris."
        ),
        "published_on": "2020-04-18",
    },
    {
        "code": "PKJ-0012",
        "title": "Rumus dan Tabel Pivot Excel untuk Laporan Kerja",
        "provider": "ruangguru",
        "platform": "pijarmahir",
        "category": "administrasi-perkantoran",
        "format": "video",
        "price": 250000,
        "duration_minutes": 720,
        "description": (
            "Peserta berlatih memakai rumus pencarian, fungsi logika, dan tabel pivot untuk "
            "merangkum data menjadi laporan. Cocok untuk staf administrasi, gudang, dan keuangan "
            "yang sering menyusun rekap bulanan."
        ),
        "published_on": "2020-04-18",
    },
    {
        "code": "PKJ-0013",
        "title": "Jualan Lewat Siaran Langsung: Teknik Menjual secara Live",
        "provider": "wirausaha-tangguh-center",
        "platform": "bukalapak",
        "category": "penjualan-online",
        "format": "webinar",
        "price": 500000,
        "duration_minutes": 1200,
        "description": (
            "Peserta belajar menyiapkan naskah, tata cahaya sederhana, dan cara berinteraksi "
            "dengan penonton saat berjualan secara langsung. Ditujukan bagi penjual yang ingin "
            "memanfaatkan fitur siaran langsung di marketplace dan media sosial."
        ),
        "published_on": "2020-04-18",
    },
    {
        "code": "PKJ-0014",
        "title": "Microsoft Word untuk Administrasi Kantor",
        "provider": "pusat-pelatihan-kantor-prima",
        "platform": "tokopedia",
        "category": "administrasi-perkantoran",
        "format": "video",
        "price": 150000,
        "duration_minutes": 480,
        "description": (
            "Peserta belajar mengatur format dokumen, membuat tabel, dan memakai fitur surat "
            "massal untuk pekerjaan kantor sehari-hari. Cocok bagi calon staf administrasi dan "
            "pekerja yang ingin bekerja lebih cepat."
        ),
        "published_on": "2020-04-19",
    },
    {
        "code": "PKJ-0015",
        "title": "Fotografi Produk untuk Katalog dan Toko Online",
        "provider": "studio-lensa-khatulistiwa",
        "platform": "tokopedia",
        "category": "fotografi",
        "format": "webinar",
        "price": 450000,
        "duration_minutes": 1080,
        "description": (
            "Webinar ini mengajarkan penataan produk, latar sederhana, dan pencahayaan murah untuk "
            "foto katalog. Ditujukan bagi penjual daring dan calon fotografer produk."
        ),
        "published_on": "2020-04-22",
    },
    {
        "code": "PKJ-0016",
        "title": "Memasak Lauk Rumahan untuk Usaha Katering",
        "provider": "dapur-nusantara-academy",
        "platform": "pijarmahir",
        "category": "kuliner",
        "format": "video",
        "price": 175000,
        "duration_minutes": 480,
        "description": (
            "Peserta mempelajari resep lauk rumahan yang praktis, cara memasak dalam jumlah besar, "
            "dan pengemasan nasi kotak. Cocok bagi ibu rumah tangga dan calon pengusaha katering."
        ),
        "published_on": "2020-04-22",
    },
    {
        "code": "PKJ-0017",
        "title": "Menyunting Video di Ponsel untuk Media Sosial",
        "provider": "sinema-muda-kreatif",
        "platform": "pijarmahir",
        "category": "penyuntingan-video",
        "format": "video",
        "price": 200000,
        "duration_minutes": 540,
        "description": (
            "Peserta mempelajari cara memotong klip, menambahkan teks, dan mengatur format video "
            "vertikal langsung dari ponsel. Cocok bagi pembuat konten pemula dan pelaku usaha."
        ),
        "published_on": "2020-04-24",
    },
    {
        "code": "PKJ-0018",
        "title": "Merakit dan Merawat Komputer untuk Teknisi Pemula",
        "provider": "rumah-kode-sulawesi",
        "platform": "bukalapak",
        "category": "teknologi-informasi",
        "format": "video",
        "price": 150000,
        "duration_minutes": 480,
        "description": (
            "Peserta mengenal komponen komputer, cara merakit, memasang sistem operasi, dan "
            "mengatasi kerusakan ringan. Cocok bagi peserta yang ingin membuka jasa servis "
            "komputer."
        ),
        "published_on": "2020-04-26",
    },
    {
        "code": "PKJ-0019",
        "title": "Bahasa Mandarin Praktis untuk Dunia Usaha",
        "provider": "kursus-bahasa-sakura-mandiri",
        "platform": "sisnaker",
        "category": "bahasa-asing",
        "format": "webinar",
        "price": 500000,
        "duration_minutes": 1200,
        "description": (
            "Melalui sesi tatap maya, peserta mempelajari pinyin, angka, cara menawar, dan "
            "kosakata perdagangan dalam bahasa Mandarin. Sesuai untuk pedagang, staf ekspor-impor, "
            "dan pelaku usaha yang bermitra dengan pemasok dari Tiongkok."
        ),
        "published_on": "2020-04-28",
    },
    {
        "code": "PKJ-0020",
        "title": "Microsoft Excel Dasar hingga Menengah",
        "provider": "balai-kursus-tugu-muda",
        "platform": "bukalapak",
        "category": "administrasi-perkantoran",
        "format": "video",
        "price": 199000,
        "duration_minutes": 600,
        "description": (
            "Peserta mempelajari pengolahan data, rumus dasar, pengurutan, penyaringan, dan grafik "
            "di Microsoft Excel. Ditujukan bagi pencari kerja yang ingin memenuhi syarat kemampuan "
            "komputer di banyak lowongan."
        ),
        "published_on": "2020-04-29",
    },
    {
        "code": "PKJ-0021",
        "title": "Laporan Keuangan UMKM dengan Spreadsheet",
        "provider": "literasi-keuangan-sriwijaya",
        "platform": "pintaria",
        "category": "keuangan",
        "format": "video",
        "price": 199000,
        "duration_minutes": 540,
        "description": (
            "Peserta berlatih menyusun laporan laba rugi dan arus kas sederhana menggunakan lembar "
            "kerja spreadsheet. Ditujukan bagi pelaku UMKM yang ingin mengajukan pembiayaan usaha."
        ),
        "published_on": "2020-05-01",
    },
    {
        "code": "PKJ-0022",
        "title": "Membaca Data Kampanye Digital dengan Google Analytics",
        "provider": "akademi-digital-merdeka",
        "platform": "bukalapak",
        "category": "pemasaran-digital",
        "format": "webinar",
        "price": 300000,
        "duration_minutes": 720,
        "description": (
            "Webinar ini mengajarkan cara membaca data pengunjung situs, sumber lalu lintas, dan "
            "konversi untuk menilai keberhasilan promosi. Cocok bagi staf pemasaran dan pemilik "
            "toko daring yang ingin mengambil keputusan berdasarkan data."
        ),
        "published_on": "2020-05-06",
    },
    {
        "code": "PKJ-0023",
        "title": "Perawatan Wajah dan Kulit untuk Salon Rumahan",
        "provider": "akademi-kecantikan-puspita-sari",
        "platform": "sekolahmu",
        "category": "tata-rias",
        "format": "video",
        "price": 99000,
        "duration_minutes": 240,
        "description": (
            "Peserta belajar langkah pembersihan wajah, pemakaian masker, dan pijat wajah yang "
            "aman. Ditujukan bagi peserta yang ingin membuka layanan perawatan kecantikan skala "
            "rumahan."
        ),
        "published_on": "2020-05-11",
    },
    {
        "code": "PKJ-0024",
        "title": "Menjadi Sekretaris dan Staf Administrasi Profesional",
        "provider": "pusat-pelatihan-kantor-prima",
        "platform": "maubelajarapa",
        "category": "administrasi-perkantoran",
        "format": "webinar",
        "price": 400000,
        "duration_minutes": 1080,
        "description": (
            "Webinar ini membahas pengelolaan jadwal, etika bertelepon, penyusunan agenda rapat, "
            "dan pelayanan tamu kantor. Ditujukan bagi peserta yang ingin berkarier sebagai "
            "sekretaris atau staf administrasi."
        ),
        "published_on": "2020-05-13",
    },
    {
        "code": "PKJ-0025",
        "title": "Dasar Fotografi dengan Kamera Ponsel",
        "provider": "studio-lensa-khatulistiwa",
        "platform": "pintaria",
        "category": "fotografi",
        "format": "video",
        "price": 175000,
        "duration_minutes": 480,
        "description": (
            "Peserta mempelajari pengaturan kamera ponsel, komposisi, dan pemanfaatan cahaya alami "
            "untuk menghasilkan foto yang tajam. Cocok bagi pemula yang hanya memiliki ponsel "
            "sebagai alat memotret."
        ),
        "published_on": "2020-05-13",
    },
    {
        "code": "PKJ-0026",
        "title": "Membangun Aplikasi Web Sederhana dengan Python",
        "provider": "rumah-kode-sulawesi",
        "platform": "pintaria",
        "category": "teknologi-informasi",
        "format": "webinar",
        "price": 800000,
        "duration_minutes": 2100,
        "description": (
            "Webinar bertahap ini membimbing peserta membuat aplikasi web kecil, mulai dari logika "
            "program, basis data, hingga menayangkannya di internet. Ditujukan bagi peserta yang "
            "sudah memahami dasar pemrograman."
        ),
        "published_on": "2020-05-15",
    },
    {
        "code": "PKJ-0027",
        "title": "Menata Hijab dan Rambut untuk Acara",
        "provider": "sanggar-rias-ayu-lestari",
        "platform": "sisnaker",
        "category": "tata-rias",
        "format": "video",
        "price": 150000,
        "duration_minutes": 360,
        "description": (
            "Peserta belajar berbagai gaya tata hijab dan sanggul sederhana untuk wisuda, lamaran, "
            "dan pesta. Cocok bagi perias pemula dan pemilik usaha jasa rias panggilan."
        ),
        "published_on": "2020-05-16",
    },
    {
        "code": "PKJ-0028",
        "title": "Membuat Konten Instagram yang Menarik Pelanggan",
        "provider": "bali-kreatif-digital-hub",
        "platform": "pintaria",
        "category": "pemasaran-digital",
        "format": "video",
        "price": 125000,
        "duration_minutes": 360,
        "description": (
            "Peserta belajar merencanakan tema unggahan, menulis keterangan foto, dan memanfaatkan "
            "fitur cerita serta tagar secara efektif. Cocok untuk pelaku usaha dan calon admin "
            "media sosial."
        ),
        "published_on": "2020-05-16",
    },
    {
        "code": "PKJ-0029",
        "title": "Kelas Intensif Bahasa Inggris untuk Pemandu Wisata",
        "provider": "cakap-bahasa-nusantara",
        "platform": "sisnaker",
        "category": "bahasa-asing",
        "format": "webinar",
        "price": 1000000,
        "duration_minutes": 2400,
        "description": (
            "Program webinar intensif yang melatih cara menjelaskan objek wisata, menceritakan "
            "sejarah setempat, dan mengarahkan rombongan tamu dalam bahasa Inggris. Ditujukan bagi "
            "pemandu wisata, pengemudi pariwisata, dan pengelola penginapan."
        ),
        "published_on": "2020-05-22",
    },
    {
        "code": "PKJ-0030",
        "title": "Kerajinan Tangan dari Kain Perca untuk Dijual",
        "provider": "griya-jahit-sekar-melati",
        "platform": "tokopedia",
        "category": "menjahit-kerajinan",
        "format": "video",
        "price": 99000,
        "duration_minutes": 300,
        "description": (
            "Peserta belajar mengolah kain perca menjadi tas, dompet, dan hiasan rumah yang "
            "bernilai jual. Cocok bagi ibu rumah tangga dan perajin pemula."
        ),
        "published_on": "2020-05-26",
    },
    {
        "code": "PKJ-0031",
        "title": "Penyuntingan Video dengan Perangkat Lunak Desktop",
        "provider": "sinema-muda-kreatif",
        "platform": "maubelajarapa",
        "category": "penyuntingan-video",
        "format": "webinar",
        "price": 500000,
        "duration_minutes": 1200,
        "description": (
            "Webinar ini membahas alur kerja penyuntingan di komputer, mulai dari mengatur proyek, "
            "memotong adegan, koreksi warna, hingga ekspor. Ditujukan bagi peserta yang ingin "
            "bekerja sebagai penyunting video."
        ),
        "published_on": "2020-05-31",
    },
    {
        "code": "PKJ-0032",
        "title": "Minuman Kekinian: Es Kopi Susu dan Teh Buah",
        "provider": "dapur-rempah-anging-mammiri",
        "platform": "tokopedia",
        "category": "kuliner",
        "format": "video",
        "price": 75000,
        "duration_minutes": 180,
        "description": (
            "Peserta mempelajari resep minuman kekinian, takaran yang konsisten, dan tampilan "
            "gelas yang menarik. Ditujukan bagi peserta yang ingin membuka gerai minuman dengan "
            "modal kecil."
        ),
        "published_on": "2020-06-01",
    },
    {
        "code": "PKJ-0033",
        "title": "Dasar Pemrograman Web: HTML, CSS, dan JavaScript",
        "provider": "rumah-kode-sulawesi",
        "platform": "tokopedia",
        "category": "teknologi-informasi",
        "format": "video",
        "price": 250000,
        "duration_minutes": 900,
        "description": (
            "Peserta mempelajari struktur halaman web, pengaturan tampilan, dan interaksi "
            "sederhana dengan JavaScript. Cocok bagi pemula tanpa latar belakang TI yang ingin "
            "menjadi pengembang web."
        ),
        "published_on": "2020-06-01",
    },
    {
        "code": "PKJ-0034",
        "title": "Kolaborasi Kerja Jarak Jauh dengan Aplikasi Perkantoran Daring",
        "provider": "balai-kursus-tugu-muda",
        "platform": "pijarmahir",
        "category": "administrasi-perkantoran",
        "format": "webinar",
        "price": 300000,
        "duration_minutes": 720,
        "description": (
            "Webinar ini mengajarkan cara berbagi dokumen, menyunting bersama, mengatur rapat "
            "video, dan menyusun jadwal tim secara daring. Cocok bagi pekerja yang kini bekerja "
            "dari rumah."
        ),
        "published_on": "2020-06-06",
    },
    {
        "code": "PKJ-0035",
        "title": "Menembus Pasar Ekspor Lewat Marketplace Lintas Negara",
        "provider": "sekolah-jualan-online-juara",
        "platform": "bukalapak",
        "category": "penjualan-online",
        "format": "webinar",
        "price": 650000,
        "duration_minutes": 1500,
        "description": (
            "Webinar ini membahas persiapan produk, kemasan, dokumen, dan penetapan harga untuk "
            "pembeli luar negeri. Cocok bagi pelaku UMKM yang produknya sudah laku di dalam "
            "negeri."
        ),
        "published_on": "2020-06-06",
    },
    {
        "code": "PKJ-0036",
        "title": "Membuat Konten Video YouTube untuk Pemula",
        "provider": "akademi-digital-merdeka",
        "platform": "sisnaker",
        "category": "penyuntingan-video",
        "format": "video",
        "price": 99000,
        "duration_minutes": 240,
        "description": (
            "Peserta belajar menentukan tema kanal, merekam, menyunting, dan mengunggah video "
            "pertama ke YouTube. Ditujukan bagi pemula yang ingin mulai membangun kanal video."
        ),
        "published_on": "2020-06-11",
    },
    {
        "code": "PKJ-0037",
        "title": "Memulai Toko Online di Marketplace",
        "provider": "sekolah-jualan-online-juara",
        "platform": "maubelajarapa",
        "category": "penjualan-online",
        "format": "video",
        "price": 99000,
        "duration_minutes": 300,
        "description": (
            "Peserta dipandu membuka toko, mengunggah produk pertama, dan mengatur ongkos kirim di "
            "marketplace. Cocok untuk pemula yang belum pernah berjualan secara daring."
        ),
        "published_on": "2020-06-13",
    },
    {
        "code": "PKJ-0038",
        "title": "Teks, Musik, dan Transisi agar Video Lebih Hidup",
        "provider": "sinema-muda-kreatif",
        "platform": "sekolahmu",
        "category": "penyuntingan-video",
        "format": "video",
        "price": 125000,
        "duration_minutes": 300,
        "description": (
            "Peserta mempelajari cara menambahkan teks bergerak, memilih musik bebas royalti, dan "
            "memakai transisi secukupnya. Ditujukan bagi pembuat konten yang ingin videonya tampak "
            "lebih rapi."
        ),
        "published_on": "2020-06-16",
    },
    {
        "code": "PKJ-0039",
        "title": "Rias Wajah Dasar untuk Pemula",
        "provider": "sanggar-rias-ayu-lestari",
        "platform": "pijarmahir",
        "category": "tata-rias",
        "format": "video",
        "price": 200000,
        "duration_minutes": 540,
        "description": (
            "Peserta mengenal jenis kulit, alat rias, dan langkah rias wajah sehari-hari yang rapi "
            "dan natural. Cocok bagi pemula yang ingin menjadi perias atau sekadar memahami dasar "
            "tata rias."
        ),
        "published_on": "2020-06-17",
    },
    {
        "code": "PKJ-0040",
        "title": "Dasar SEO agar Usaha Mudah Ditemukan di Mesin Pencari",
        "provider": "akademi-digital-merdeka",
        "platform": "pintaria",
        "category": "pemasaran-digital",
        "format": "video",
        "price": 200000,
        "duration_minutes": 540,
        "description": (
            "Peserta mengenal cara kerja mesin pencari, riset kata kunci, dan penulisan halaman "
            "yang ramah mesin pencari. Ditujukan bagi pemilik situs usaha, penulis lepas, dan "
            "calon staf pemasaran digital."
        ),
        "published_on": "2020-06-23",
    },
    {
        "code": "PKJ-0041",
        "title": "Copywriting untuk Media Sosial dan Toko Online",
        "provider": "bali-kreatif-digital-hub",
        "platform": "sekolahmu",
        "category": "pemasaran-digital",
        "format": "video",
        "price": 150000,
        "duration_minutes": 300,
        "description": (
            "Peserta berlatih menulis judul, ajakan bertindak, dan cerita produk yang membuat "
            "calon pembeli tertarik. Ditujukan bagi pelaku usaha, admin media sosial, dan penulis "
            "lepas pemula."
        ),
        "published_on": "2020-06-27",
    },
    {
        "code": "PKJ-0042",
        "title": "Menyusun Rencana Usaha yang Realistis",
        "provider": "wirausaha-tangguh-center",
        "platform": "sekolahmu",
        "category": "kewirausahaan",
        "format": "video",
        "price": 150000,
        "duration_minutes": 420,
        "description": (
            "Peserta belajar memetakan pelanggan, menghitung modal awal, dan menyusun target usaha "
            "enam bulan pertama. Cocok bagi peserta yang ingin merintis usaha setelah kehilangan "
            "pekerjaan."
        ),
        "published_on": "2020-06-28",
    },
    {
        "code": "PKJ-0043",
        "title": "Fotografer Acara: Pernikahan dan Wisuda",
        "provider": "studio-lensa-khatulistiwa",
        "platform": "sekolahmu",
        "category": "fotografi",
        "format": "webinar",
        "price": 1000000,
        "duration_minutes": 2400,
        "description": (
            "Program webinar lengkap yang membahas persiapan alat, alur pemotretan acara, "
            "pengarahan gaya, hingga penyerahan hasil kepada klien. Cocok bagi fotografer pemula "
            "yang ingin menerima pesanan secara profesional."
        ),
        "published_on": "2020-06-29",
    },
    {
        "code": "PKJ-0044",
        "title": "Pengarsipan Dokumen Fisik dan Digital",
        "provider": "balai-kursus-tugu-muda",
        "platform": "maubelajarapa",
        "category": "administrasi-perkantoran",
        "format": "video",
        "price": 75000,
        "duration_minutes": 180,
        "description": (
            "Peserta mempelajari sistem penomoran, penyimpanan, dan penelusuran arsip baik di "
            "lemari maupun di folder komputer. Cocok bagi staf kantor, sekolah, dan instansi yang "
            "mengelola banyak dokumen."
        ),
        "published_on": "2020-07-07",
    },
    {
        "code": "PKJ-0045",
        "title": "Olahan Ikan Khas Sulawesi untuk Usaha Warung",
        "provider": "dapur-rempah-anging-mammiri",
        "platform": "bukalapak",
        "category": "kuliner",
        "format": "video",
        "price": 150000,
        "duration_minutes": 420,
        "description": (
            "Peserta belajar mengolah ikan menjadi hidangan khas Sulawesi, mulai dari memilih ikan "
            "segar hingga meracik bumbu. Ditujukan bagi peserta yang ingin membuka warung makan "
            "atau usaha lauk siap saji."
        ),
        "published_on": "2020-07-08",
    },
    {
        "code": "PKJ-0046",
        "title": "Iklan Berbayar di Media Sosial: Dari Nol hingga Tayang",
        "provider": "akademi-pemasaran-lintas-batas",
        "platform": "maubelajarapa",
        "category": "pemasaran-digital",
        "format": "webinar",
        "price": 450000,
        "duration_minutes": 960,
        "description": (
            "Dalam webinar ini peserta belajar mengatur akun iklan, menentukan audiens, menyiapkan "
            "materi iklan, dan mengatur anggaran harian. Ditujukan bagi calon staf pemasaran dan "
            "pelaku usaha yang ingin menjangkau pembeli lebih luas."
        ),
        "published_on": "2020-07-08",
    },
    {
        "code": "PKJ-0047",
        "title": "Menyusun Surat Dinas dan Notulen Rapat",
        "provider": "pusat-pelatihan-kantor-prima",
        "platform": "bukalapak",
        "category": "administrasi-perkantoran",
        "format": "video",
        "price": 125000,
        "duration_minutes": 300,
        "description": (
            "Peserta belajar menulis surat resmi sesuai kaidah bahasa Indonesia serta mencatat "
            "jalannya rapat secara ringkas. Ditujukan bagi calon staf administrasi dan pengurus "
            "organisasi."
        ),
        "published_on": "2020-07-09",
    },
    {
        "code": "PKJ-0048",
        "title": "Bahasa Inggris untuk Pelayanan Pelanggan",
        "provider": "ruangguru",
        "platform": "tokopedia",
        "category": "bahasa-asing",
        "format": "video",
        "price": 199000,
        "duration_minutes": 600,
        "description": (
            "Peserta mempelajari ungkapan sopan untuk menyambut tamu, menanggapi keluhan, dan "
            "menutup percakapan dengan baik dalam bahasa Inggris. Dirancang untuk calon staf "
            "hotel, restoran, ritel, dan pusat layanan pelanggan."
        ),
        "published_on": "2020-07-10",
    },
    {
        "code": "PKJ-0049",
        "title": "Memahami Pencahayaan dan Komposisi Foto",
        "provider": "bali-kreatif-digital-hub",
        "platform": "sekolahmu",
        "category": "fotografi",
        "format": "video",
        "price": 150000,
        "duration_minutes": 420,
        "description": (
            "Peserta mempelajari arah cahaya, sepertiga bidang, sudut pengambilan, dan cara "
            "bercerita lewat foto. Cocok bagi peserta yang ingin meningkatkan kualitas hasil "
            "jepretannya."
        ),
        "published_on": "2020-07-11",
    },
    {
        "code": "PKJ-0050",
        "title": "Menjahit Masker Kain dan Perlengkapan Rumah Tangga",
        "provider": "griya-jahit-sekar-melati",
        "platform": "sisnaker",
        "category": "menjahit-kerajinan",
        "format": "video",
        "price": 175000,
        "duration_minutes": 600,
        "description": (
            "Peserta belajar mengoperasikan mesin jahit dan membuat masker kain, sarung bantal, "
            "serta celemek. Cocok bagi pemula yang ingin memperoleh penghasilan tambahan dari "
            "menjahit."
        ),
        "published_on": "2020-07-12",
    },
    {
        "code": "PKJ-0051",
        "title": "Perawatan Kuku dan Seni Kuku (Nail Art)",
        "provider": "akademi-kecantikan-puspita-sari",
        "platform": "pijarmahir",
        "category": "tata-rias",
        "format": "video",
        "price": 125000,
        "duration_minutes": 300,
        "description": (
            "Peserta mempelajari perawatan kuku tangan dan kaki, pewarnaan kuku, serta motif hias "
            "yang sedang digemari. Ditujukan bagi peserta yang ingin membuka jasa perawatan kuku "
            "di rumah."
        ),
        "published_on": "2020-07-15",
    },
    {
        "code": "PKJ-0052",
        "title": "Email Marketing untuk Menjaga Pelanggan Setia",
        "provider": "akademi-pemasaran-lintas-batas",
        "platform": "maubelajarapa",
        "category": "pemasaran-digital",
        "format": "video",
        "price": 99000,
        "duration_minutes": 240,
        "description": (
            "Peserta belajar mengumpulkan daftar pelanggan, menyusun buletin, dan mengirim "
            "penawaran yang relevan tanpa terkesan mengganggu. Ditujukan bagi pelaku usaha yang "
            "ingin meningkatkan pembelian ulang."
        ),
        "published_on": "2020-07-18",
    },
    {
        "code": "PKJ-0053",
        "title": "Mengurus Izin Usaha Mikro dan Legalitas Dasar",
        "provider": "wirausaha-tangguh-center",
        "platform": "tokopedia",
        "category": "kewirausahaan",
        "format": "webinar",
        "price": 300000,
        "duration_minutes": 720,
        "description": (
            "Webinar ini menjelaskan jenis perizinan usaha mikro, langkah pendaftarannya, dan "
            "manfaat legalitas bagi kepercayaan pembeli. Ditujukan bagi pelaku usaha rumahan yang "
            "ingin naik kelas."
        ),
        "published_on": "2020-07-18",
    },
    {
        "code": "PKJ-0054",
        "title": "Mencari Ide Usaha dari Potensi Daerah",
        "provider": "wirausaha-tangguh-center",
        "platform": "sisnaker",
        "category": "kewirausahaan",
        "format": "video",
        "price": 99000,
        "duration_minutes": 240,
        "description": (
            "Peserta diajak mengenali bahan baku, keterampilan, dan kebutuhan di sekitar tempat "
            "tinggalnya untuk dijadikan peluang usaha. Cocok bagi calon wirausaha yang masih "
            "mencari ide."
        ),
        "published_on": "2020-07-20",
    },
    {
        "code": "PKJ-0055",
        "title": "Pembukuan Sederhana untuk Usaha Kecil",
        "provider": "literasi-keuangan-sriwijaya",
        "platform": "sekolahmu",
        "category": "keuangan",
        "format": "video",
        "price": 125000,
        "duration_minutes": 360,
        "description": (
            "Peserta belajar mencatat pemasukan, pengeluaran, dan utang-piutang usaha dengan "
            "format yang mudah. Ditujukan bagi pemilik warung, toko kelontong, dan usaha rumahan."
        ),
        "published_on": "2020-07-22",
    },
    {
        "code": "PKJ-0056",
        "title": "Membuka Usaha Kue Kering dari Dapur Rumah",
        "provider": "dapur-nusantara-academy",
        "platform": "pintaria",
        "category": "kuliner",
        "format": "webinar",
        "price": 450000,
        "duration_minutes": 1200,
        "description": (
            "Webinar ini membahas resep kue kering populer, teknik memanggang yang konsisten, "
            "kemasan, dan penetapan harga jual. Cocok bagi peserta yang ingin memanfaatkan musim "
            "hari raya untuk berjualan."
        ),
        "published_on": "2020-07-22",
    },
    {
        "code": "PKJ-0057",
        "title": "Roti dan Donat untuk Usaha Rumahan",
        "provider": "dapur-nusantara-academy",
        "platform": "tokopedia",
        "category": "kuliner",
        "format": "video",
        "price": 125000,
        "duration_minutes": 360,
        "description": (
            "Peserta belajar membuat adonan roti dan donat yang lembut, teknik fermentasi, serta "
            "variasi isian dan taburan. Cocok bagi pemula yang ingin berjualan roti dari rumah."
        ),
        "published_on": "2020-07-25",
    },
    {
        "code": "PKJ-0058",
        "title": "Bahasa Inggris untuk Wawancara Kerja",
        "provider": "english-corner-parahyangan",
        "platform": "bukalapak",
        "category": "bahasa-asing",
        "format": "video",
        "price": 150000,
        "duration_minutes": 420,
        "description": (
            "Peserta berlatih memperkenalkan diri, menjelaskan pengalaman kerja, dan menjawab "
            "pertanyaan wawancara yang paling sering muncul dalam bahasa Inggris. Cocok untuk "
            "pencari kerja lulusan SMA/SMK maupun sarjana yang melamar ke perusahaan "
            "multinasional."
        ),
        "published_on": "2020-07-30",
    },
    {
        "code": "PKJ-0059",
        "title": "Mengenal Sistem Pembayaran dan Pengiriman Toko Online",
        "provider": "kelas-niaga-daring",
        "platform": "maubelajarapa",
        "category": "penjualan-online",
        "format": "video",
        "price": 24000,
        "duration_minutes": 60,
        "description": (
            "Kelas singkat yang menjelaskan pilihan metode pembayaran, jasa kurir, dan alur "
            "pesanan di toko daring. Cocok sebagai bekal awal bagi siapa saja yang baru mulai "
            "berjualan."
        ),
        "published_on": "2020-08-01",
    },
    {
        "code": "PKJ-0060",
        "title": "Membuat Video Promosi Produk Berdurasi Pendek",
        "provider": "bali-kreatif-digital-hub",
        "platform": "pintaria",
        "category": "penyuntingan-video",
        "format": "video",
        "price": 150000,
        "duration_minutes": 360,
        "description": (
            "Peserta belajar menyusun naskah singkat, merekam gambar produk, dan menyunting video "
            "promosi berdurasi kurang dari satu menit. Cocok bagi pelaku UMKM yang ingin beriklan "
            "lewat video."
        ),
        "published_on": "2020-08-07",
    },
    {
        "code": "PKJ-0061",
        "title": "Menulis Judul dan Deskripsi Produk yang Menjual",
        "provider": "kelas-niaga-daring",
        "platform": "sekolahmu",
        "category": "penjualan-online",
        "format": "video",
        "price": 150000,
        "duration_minutes": 420,
        "description": (
            "Peserta mempelajari cara menyusun judul produk yang mudah dicari dan deskripsi yang "
            "menjawab pertanyaan pembeli. Ditujukan bagi penjual marketplace yang ingin menaikkan "
            "angka penjualan."
        ),
        "published_on": "2020-08-08",
    },
    {
        "code": "PKJ-0062",
        "title": "Mengelola Keuangan Pribadi dan Keluarga",
        "provider": "literasi-keuangan-sriwijaya",
        "platform": "pintaria",
        "category": "keuangan",
        "format": "webinar",
        "price": 400000,
        "duration_minutes": 960,
        "description": (
            "Webinar ini membahas penyusunan anggaran bulanan, dana darurat, pengelolaan utang, "
            "dan perencanaan tabungan. Cocok bagi pekerja dan keluarga yang penghasilannya sedang "
            "berkurang."
        ),
        "published_on": "2020-08-08",
    },
    {
        "code": "PKJ-0063",
        "title": "Menghitung Harga Pokok dan Menyusun Menu Warung Makan",
        "provider": "dapur-rempah-anging-mammiri",
        "platform": "pijarmahir",
        "category": "kuliner",
        "format": "webinar",
        "price": 350000,
        "duration_minutes": 900,
        "description": (
            "Webinar ini mengajarkan cara menghitung biaya bahan per porsi, menentukan harga jual, "
            "dan menyusun menu yang menguntungkan. Ditujukan bagi pemilik dan calon pemilik warung "
            "makan."
        ),
        "published_on": "2020-08-08",
    },
    {
        "code": "PKJ-0064",
        "title": "Menjadi Reseller dan Dropshipper yang Profesional",
        "provider": "sekolah-jualan-online-juara",
        "platform": "sisnaker",
        "category": "penjualan-online",
        "format": "webinar",
        "price": 350000,
        "duration_minutes": 840,
        "description": (
            "Webinar ini membahas cara memilih pemasok, menghitung margin, dan menjaga kepercayaan "
            "pembeli sebagai reseller atau dropshipper. Cocok bagi peserta yang ingin berjualan "
            "tanpa modal stok besar."
        ),
        "published_on": "2020-08-09",
    },
    {
        "code": "PKJ-0065",
        "title": "Pemasaran Lewat WhatsApp Business",
        "provider": "kelas-niaga-daring",
        "platform": "maubelajarapa",
        "category": "pemasaran-digital",
        "format": "video",
        "price": 75000,
        "duration_minutes": 180,
        "description": (
            "Peserta belajar menyiapkan profil usaha, katalog produk, pesan otomatis, dan label "
            "pelanggan di WhatsApp Business. Cocok untuk pedagang rumahan yang melayani pesanan "
            "lewat pesan singkat."
        ),
        "published_on": "2020-08-11",
    },
    {
        "code": "PKJ-0066",
        "title": "Fotografi Makanan untuk Usaha Kuliner",
        "provider": "bali-kreatif-digital-hub",
        "platform": "maubelajarapa",
        "category": "fotografi",
        "format": "video",
        "price": 99000,
        "duration_minutes": 240,
        "description": (
            "Peserta belajar menata hidangan, memilih properti, dan memotret makanan agar tampak "
            "menggugah selera. Ditujukan bagi pemilik usaha kuliner dan pengelola media sosial "
            "restoran."
        ),
        "published_on": "2020-08-12",
    },
    {
        "code": "PKJ-0067",
        "title": "Videografer Lepas: Dari Pengambilan Gambar hingga Ekspor",
        "provider": "sinema-muda-kreatif",
        "platform": "pijarmahir",
        "category": "penyuntingan-video",
        "format": "webinar",
        "price": 750000,
        "duration_minutes": 1800,
        "description": (
            "Program webinar ini membahas teknik pengambilan gambar, perekaman suara, "
            "penyuntingan, dan cara mengelola klien sebagai pekerja lepas. Cocok bagi peserta yang "
            "ingin menekuni profesi videografer."
        ),
        "published_on": "2020-08-15",
    },
    {
        "code": "PKJ-0068",
        "title": "Layanan Pelanggan Daring: Chat, Ulasan, dan Keluhan",
        "provider": "kelas-niaga-daring",
        "platform": "pintaria",
        "category": "penjualan-online",
        "format": "video",
        "price": 125000,
        "duration_minutes": 360,
        "description": (
            "Peserta berlatih membalas pesan calon pembeli, menanggapi ulasan negatif, dan "
            "menyelesaikan keluhan dengan tenang. Ditujukan bagi pemilik toko daring dan calon "
            "admin layanan pelanggan."
        ),
        "published_on": "2020-08-17",
    },
    {
        "code": "PKJ-0069",
        "title": "Aneka Sambal Kemasan yang Tahan Lama",
        "provider": "dapur-rempah-anging-mammiri",
        "platform": "sisnaker",
        "category": "kuliner",
        "format": "video",
        "price": 99000,
        "duration_minutes": 240,
        "description": (
            "Peserta mempelajari resep sambal, cara memasak agar lebih awet, dan pengemasan dalam "
            "botol yang higienis. Ditujukan bagi pelaku usaha rumahan yang ingin menjual produk "
            "olahan."
        ),
        "published_on": "2020-08-18",
    },
    {
        "code": "PKJ-0070",
        "title": "Dasar Bahasa Jepang: Hiragana, Katakana, dan Salam",
        "provider": "kursus-bahasa-sakura-mandiri",
        "platform": "pijarmahir",
        "category": "bahasa-asing",
        "format": "video",
        "price": 250000,
        "duration_minutes": 720,
        "description": (
            "Peserta mengenal huruf hiragana dan katakana, pola kalimat sederhana, serta tata "
            "krama berbahasa Jepang. Cocok untuk calon peserta magang ke Jepang atau siapa pun "
            "yang ingin memulai belajar bahasa Jepang."
        ),
        "published_on": "2020-08-21",
    },
    {
        "code": "PKJ-0071",
        "title": "Percakapan Bahasa Inggris Sehari-hari untuk Pemula",
        "provider": "cakap-bahasa-nusantara",
        "platform": "tokopedia",
        "category": "bahasa-asing",
        "format": "webinar",
        "price": 350000,
        "duration_minutes": 900,
        "description": (
            "Kelas webinar interaktif untuk melatih percakapan dasar seperti menyapa, bertanya "
            "arah, memesan makanan, dan berbincang ringan di tempat kerja. Ditujukan bagi peserta "
            "yang baru mulai belajar dan ingin lebih percaya diri berbicara."
        ),
        "published_on": "2020-08-27",
    },
    {
        "code": "PKJ-0072",
        "title": "Strategi Pemasaran Digital untuk UMKM",
        "provider": "akademi-digital-merdeka",
        "platform": "maubelajarapa",
        "category": "pemasaran-digital",
        "format": "video",
        "price": 175000,
        "duration_minutes": 480,
        "description": (
            "Peserta memahami cara menentukan target pasar, memilih kanal digital yang tepat, dan "
            "menyusun rencana promosi bulanan. Cocok bagi pemilik usaha kecil yang ingin mulai "
            "memasarkan produknya secara daring."
        ),
        "published_on": "2020-09-03",
    },
)
