"""Word lists for the demo: British names, job titles and specialties (all fictional people)."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Abigail Adam Aisha Alan Alice Amelia Amir Andrew Angela Anna Arjun Ava Ben Bethan Bilal "
    "Bronwen Callum Caroline Catherine Charlotte Chloe Chris Claire Connor Daniel David Deborah "
    "Declan Eilidh Eleanor Ella Emily Emma Ethan Fatima Fiona Freya Gareth Gemma George Grace "
    "Graham Hannah Harriet Harry Hassan Heather Helen Imran Isla Isabel Jack Jacob Jade James Jane "
    "Jasmine Jennifer Joanna John Jordan Joseph Joshua Julie Karen Kate Kieran Laura Leah Liam "
    "Lily Louise Lucy Luke Mark Martin Mary Matthew Megan Michael Mohammed Molly Naomi Nathan "
    "Neil Nicola Niamh Oliver Olivia Omar Owen Paul Peter Philippa Priya Rachel Rebecca Rhys "
    "Richard Rosie Ruth Ryan Sam Samira Sarah Simon Sophie Stephen Steven Susan Thomas Tom Una "
    "Victoria William Yasmin Zainab Zoe Adebayo Chidi Folake Kwame Ngozi Tendai Wei Mei Jun "
    "Anjali Ravi Sunita Deepak Kofi Ama Marek Agnieszka Tomasz Ioana Lucia Mateo"
)

LAST_NAMES = _words(
    "Adams Ahmed Ali Allen Anderson Armstrong Atkinson Bailey Baker Barnes Bell Bennett Brown "
    "Burton Campbell Carter Chapman Clarke Cole Collins Cook Cooper Cox Davies Dawson Dixon "
    "Edwards Ellis Evans Fisher Fletcher Foster Fraser Gibson Graham Grant Gray Green Griffiths "
    "Hall Harris Harrison Hart Hill Holmes Hopkins Hughes Hunt Hussain Jackson James Jenkins "
    "Johnson Jones Kaur Kelly Kennedy Khan King Knight Lawrence Lee Lewis Lloyd Marshall Martin "
    "Mason Matthews Mills Mitchell Moore Morgan Morris Murphy Murray Nelson Owen Palmer Parker "
    "Patel Pearson Phillips Powell Price Reid Reynolds Richards Richardson Roberts Robinson "
    "Rogers Rose Russell Saunders Scott Shaw Simpson Singh Smith Stevens Stewart Taylor Thomas "
    "Thompson Turner Walker Walsh Ward Watson Webb Wells White Williams Wilson Wood Wright Young "
    "Adeyemi Okafor Mensah Chen Wong Nowak Kowalski Popescu Sharma Begum Rahman Chaudhry Ng "
    "O'Brien O'Connor MacDonald McKenzie Sinclair Pritchard Llewellyn Gallagher Doherty Quinn"
)

# Job titles of people on a ward or team, by division family.
WARD_TITLES = {
    "medicine": (
        "Staff nurse",
        "Staff nurse",
        "Staff nurse",
        "Senior staff nurse",
        "Healthcare assistant",
        "Healthcare assistant",
        "Nursing associate",
        "Foundation doctor",
        "Specialty registrar",
        "Consultant physician",
        "Ward clerk",
        "Physiotherapist",
        "Advanced nurse practitioner",
    ),
    "surgery": (
        "Staff nurse",
        "Staff nurse",
        "Theatre practitioner",
        "Senior staff nurse",
        "Healthcare assistant",
        "Operating department practitioner",
        "Foundation doctor",
        "Specialty registrar",
        "Consultant surgeon",
        "Consultant anaesthetist",
        "Ward clerk",
    ),
    "women": (
        "Midwife",
        "Midwife",
        "Midwife",
        "Maternity support worker",
        "Children's nurse",
        "Neonatal nurse",
        "Consultant obstetrician",
        "Consultant paediatrician",
        "Specialty registrar",
        "Nursery nurse",
        "Play specialist",
    ),
    "support": (
        "Radiographer",
        "Sonographer",
        "Biomedical scientist",
        "Pharmacist",
        "Pharmacy technician",
        "Physiotherapist",
        "Occupational therapist",
        "Dietitian",
        "Speech and language therapist",
        "Phlebotomist",
        "Healthcare scientist",
        "Medical laboratory assistant",
    ),
    "community": (
        "District nurse",
        "Community staff nurse",
        "Health visitor",
        "Community matron",
        "Healthcare assistant",
        "Occupational therapist",
        "Physiotherapist",
        "Care coordinator",
    ),
}

# Specialties used to name generated wards, teams and services at the large scale.
SPECIALTIES = {
    "medicine": (
        "Respiratory",
        "Cardiology",
        "Gastroenterology",
        "Care of the elderly",
        "Stroke",
        "Diabetes and endocrinology",
        "Renal",
        "Haematology",
        "Oncology",
        "Neurology",
        "Acute medicine",
        "Infectious diseases",
        "Dermatology",
        "Rheumatology",
    ),
    "surgery": (
        "General surgery",
        "Colorectal",
        "Upper GI",
        "Vascular",
        "Urology",
        "Trauma",
        "Orthopaedics",
        "ENT",
        "Ophthalmology",
        "Plastic surgery",
        "Breast surgery",
        "Critical care",
        "Theatres",
        "Day surgery",
    ),
    "women": (
        "Maternity",
        "Antenatal",
        "Postnatal",
        "Neonatal",
        "Paediatrics",
        "Gynaecology",
        "Fetal medicine",
        "Children's surgery",
        "Adolescent health",
        "Community midwifery",
    ),
    "support": (
        "Radiology",
        "Pathology",
        "Pharmacy",
        "Physiotherapy",
        "Occupational therapy",
        "Dietetics",
        "Speech and language therapy",
        "Outpatients",
        "Medical records",
        "Sterile services",
        "Clinical engineering",
        "Phlebotomy",
    ),
    "community": (
        "District nursing",
        "Community rehabilitation",
        "Intermediate care",
        "Health visiting",
        "Palliative care",
        "Virtual ward",
        "Community diabetes",
        "Continence",
        "Tissue viability",
    ),
}
