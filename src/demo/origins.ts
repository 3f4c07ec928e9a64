import type { Random } from './prng.js';

/**
 * Countries of origin typical for participants of the KIM in Kreis Mettmann, with invented names as
 * they might be written on a registration form: in Latin transliteration and, for some, in the script
 * of the passport. A name is [latin, native?]. Weights are rough shares, not statistics.
 */
type Name = readonly [latin: string, native?: string];

export interface Origin {
  nationality: string;
  weight: number;
  languages: readonly (readonly [string, number])[];
  residence: readonly (readonly [string, number])[];
  /** Chance that the names are recorded in their native script. */
  nativeScript: number;
  given: readonly Name[];
  family: readonly Name[];
}

const REFUGEE: readonly (readonly [string, number])[] = [
  ['§ 25 Abs. 2 AufenthG', 4],
  ['§ 25 Abs. 1 AufenthG', 1],
  ['§ 26 Abs. 3 AufenthG', 1],
  ['Aufenthaltsgestattung § 55 AsylG', 2],
  ['Duldung § 60a AufenthG', 1],
];
const EU: readonly (readonly [string, number])[] = [['Freizügigkeit § 2 FreizügG/EU', 1]];
const SETTLED: readonly (readonly [string, number])[] = [
  ['Niederlassungserlaubnis § 9 AufenthG', 3],
  ['§ 28 AufenthG (Familiennachzug)', 2],
  ['§ 30 AufenthG (Ehegattennachzug)', 2],
];

export const ORIGINS: readonly Origin[] = [
  {
    nationality: 'SY',
    weight: 20,
    languages: [
      ['ar', 10],
      ['ku', 2],
    ],
    residence: REFUGEE,
    nativeScript: 0.3,
    given: [
      ['Mohammad', 'محمد'],
      ['Ahmad', 'أحمد'],
      ['Rama', 'راما'],
      ['Yara', 'يارا'],
      ['Khaled', 'خالد'],
      ['Nour', 'نور'],
      ['Hussein', 'حسين'],
      ['Lina', 'لينا'],
      ['Omar', 'عمر'],
      ['Aya', 'آية'],
    ],
    family: [
      ['Al-Hassan', 'الحسن'],
      ['Khalil', 'خليل'],
      ['Haddad', 'حداد'],
      ['Al-Masri', 'المصري'],
      ['Darwish', 'درويش'],
      ['Suleiman', 'سليمان'],
      ['Al-Ahmad', 'الأحمد'],
      ['Ibrahim', 'إبراهيم'],
    ],
  },
  {
    nationality: 'UA',
    weight: 18,
    languages: [
      ['uk', 8],
      ['ru', 3],
    ],
    residence: [
      ['§ 24 AufenthG (vorübergehender Schutz)', 10],
      ['Fiktionsbescheinigung § 81 AufenthG', 1],
    ],
    nativeScript: 0.25,
    given: [
      ['Olena', 'Олена'],
      ['Oleksandr', 'Олександр'],
      ['Iryna', 'Ірина'],
      ['Andrii', 'Андрій'],
      ['Kateryna', 'Катерина'],
      ['Yuliia', 'Юлія'],
      ['Dmytro', 'Дмитро'],
      ['Nataliia', 'Наталія'],
    ],
    family: [
      ['Kovalenko', 'Коваленко'],
      ['Shevchenko', 'Шевченко'],
      ['Bondarenko', 'Бондаренко'],
      ['Tkachenko', 'Ткаченко'],
      ['Kravchuk', 'Кравчук'],
      ['Melnyk', 'Мельник'],
      ['Petrenko', 'Петренко'],
    ],
  },
  {
    nationality: 'TR',
    weight: 14,
    languages: [
      ['tr', 10],
      ['ku', 2],
    ],
    residence: SETTLED,
    nativeScript: 0,
    given: [
      ['Aylin'],
      ['Emre'],
      ['Zeynep'],
      ['Mehmet'],
      ['Elif'],
      ['Burak'],
      ['Şeyma'],
      ['Ömer'],
      ['Gülşen'],
      ['İbrahim'],
    ],
    family: [
      ['Yılmaz'],
      ['Öztürk'],
      ['Kaya'],
      ['Demir'],
      ['Çelik'],
      ['Şahin'],
      ['Yıldız'],
      ['Aydın'],
      ['Yılmaz-Özdemir'],
      ['Koç'],
    ],
  },
  {
    nationality: 'AF',
    weight: 12,
    languages: [
      ['fa', 6],
      ['ps', 4],
      ['uz', 1],
    ],
    residence: REFUGEE,
    nativeScript: 0.3,
    given: [
      ['Ahmad Shah', 'احمد شاه'],
      ['Mariam', 'مریم'],
      ['Farid', 'فرید'],
      ['Zahra', 'زهرا'],
      ['Mohammad Nabi', 'محمد نبی'],
      ['Fereshta', 'فرشته'],
      ['Habib', 'حبیب'],
      ['Shabnam', 'شبنم'],
    ],
    family: [
      ['Ahmadi', 'احمدی'],
      ['Rahimi', 'رحیمی'],
      ['Hashimi', 'هاشمی'],
      ['Karimi', 'کریمی'],
      ['Noori', 'نوری'],
      ['Sultani', 'سلطانی'],
      ['Mohammadi', 'محمدی'],
    ],
  },
  {
    nationality: 'IQ',
    weight: 8,
    languages: [
      ['ar', 6],
      ['ku', 4],
    ],
    residence: REFUGEE,
    nativeScript: 0.25,
    given: [
      ['Ali', 'علي'],
      ['Zainab', 'زينب'],
      ['Haidar', 'حيدر'],
      ['Shirin', 'شيرين'],
      ['Dilan', 'دیلان'],
      ['Mustafa', 'مصطفى'],
      ['Noor', 'نور'],
    ],
    family: [
      ['Al-Jubouri', 'الجبوري'],
      ['Hassan', 'حسن'],
      ['Qasim', 'قاسم'],
      ['Barzani', 'بارزانی'],
      ['Al-Saadi', 'الساعدي'],
      ['Abdullah', 'عبدالله'],
    ],
  },
  {
    nationality: 'ER',
    weight: 5,
    languages: [
      ['ti', 8],
      ['ar', 1],
    ],
    residence: REFUGEE,
    nativeScript: 0.3,
    given: [
      ['Semhar', 'ሰምሃር'],
      ['Tesfaye', 'ተስፋየ'],
      ['Yonas', 'ዮናስ'],
      ['Helen', 'ሄለን'],
      ['Filmon', 'ፍሊሞን'],
      ['Senait', 'ሰናይት'],
    ],
    family: [
      ['Tesfamariam', 'ተስፋማርያም'],
      ['Ghebremichael', 'ገብረሚካኤል'],
      ['Habte', 'ሃብተ'],
      ['Kidane', 'ኪዳነ'],
      ['Berhane', 'ብርሃነ'],
    ],
  },
  {
    nationality: 'PL',
    weight: 7,
    languages: [['pl', 1]],
    residence: EU,
    nativeScript: 0,
    given: [['Małgorzata'], ['Paweł'], ['Agnieszka'], ['Krzysztof'], ['Łukasz'], ['Zofia'], ['Wojciech']],
    family: [['Kowalczyk'], ['Wiśniewski'], ['Wójcik'], ['Zieliński'], ['Szymańska'], ['Dąbrowski'], ['Łuczak']],
  },
  {
    nationality: 'RO',
    weight: 6,
    languages: [['ro', 1]],
    residence: EU,
    nativeScript: 0,
    given: [['Andreea'], ['Ionuț'], ['Mihaela'], ['Ștefan'], ['Ioana'], ['Răzvan'], ['Cristina']],
    family: [['Popescu'], ['Ionescu'], ['Dumitru'], ['Stănescu'], ['Constantinescu'], ['Munteanu'], ['Țurcanu']],
  },
  {
    nationality: 'BG',
    weight: 3,
    languages: [
      ['bg', 3],
      ['tr', 1],
    ],
    residence: EU,
    nativeScript: 0.2,
    given: [
      ['Ivan', 'Иван'],
      ['Desislava', 'Десислава'],
      ['Georgi', 'Георги'],
      ['Mariya', 'Мария'],
    ],
    family: [
      ['Petrov', 'Петров'],
      ['Dimitrova', 'Димитрова'],
      ['Ivanov', 'Иванов'],
      ['Georgieva', 'Георгиева'],
    ],
  },
  {
    nationality: 'GR',
    weight: 2,
    languages: [['el', 1]],
    residence: EU,
    nativeScript: 0.2,
    given: [
      ['Eleni', 'Ελένη'],
      ['Giorgos', 'Γιώργος'],
      ['Dimitra', 'Δήμητρα'],
    ],
    family: [
      ['Papadopoulou', 'Παπαδοπούλου'],
      ['Nikolaidis', 'Νικολαΐδης'],
      ['Georgiou', 'Γεωργίου'],
    ],
  },
  {
    nationality: 'IR',
    weight: 3,
    languages: [['fa', 1]],
    residence: [...REFUGEE, ['§ 18b AufenthG (Fachkraft)', 2]],
    nativeScript: 0.3,
    given: [
      ['Reza', 'رضا'],
      ['Parisa', 'پریسا'],
      ['Saeed', 'سعید'],
      ['Niloofar', 'نیلوفر'],
    ],
    family: [
      ['Hosseini', 'حسینی'],
      ['Moradi', 'مرادی'],
      ['Rezaei', 'رضایی'],
      ['Jafari', 'جعفری'],
    ],
  },
  {
    nationality: 'NG',
    weight: 2,
    languages: [
      ['en', 3],
      ['yo', 1],
      ['ig', 1],
    ],
    residence: [
      ['Duldung § 60a AufenthG', 1],
      ['§ 16b AufenthG (Studium)', 1],
      ['§ 28 AufenthG (Familiennachzug)', 1],
    ],
    nativeScript: 0,
    given: [['Chiamaka'], ['Oluwaseun'], ['Ngozi'], ['Emeka'], ['Adaeze']],
    family: [['Okafor'], ['Adeyemi'], ['Nwosu'], ['Okonkwo-Adeleke'], ['Balogun']],
  },
  {
    nationality: 'XK',
    weight: 2,
    languages: [['sq', 1]],
    residence: SETTLED,
    nativeScript: 0,
    given: [['Arbër'], ['Blerta'], ['Driton'], ['Fjolla']],
    family: [['Krasniqi'], ['Gashi'], ['Berisha'], ['Hoxha']],
  },
  {
    nationality: 'XX',
    weight: 1,
    languages: [
      ['ar', 1],
      ['ku', 1],
    ],
    residence: [
      ['Duldung § 60a AufenthG', 1],
      ['§ 25 Abs. 2 AufenthG', 1],
    ],
    nativeScript: 0.2,
    given: [
      ['Rawan', 'روان'],
      ['Jamal', 'جمال'],
      ['Hevin', 'هێڤین'],
    ],
    family: [
      ['Mahmoud', 'محمود'],
      ['Saleh', 'صالح'],
      ['Yousef', 'يوسف'],
    ],
  },
];

export interface InventedPerson {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nationality: string;
  languages: string[];
  residenceStatus: string;
}

const nameOf = (name: Name, native: boolean): string => (native && name[1] ? name[1] : name[0]);

/** An invented adult participant (18–64 at the given date), or sometimes a double family name. */
export function inventPerson(random: Random, onDate: string): InventedPerson {
  const origin = random.weighted(ORIGINS.map((o) => [o, o.weight] as const));
  const native = random.chance(origin.nativeScript);
  const family = random.chance(0.08)
    ? `${nameOf(random.pick(origin.family), native)}-${nameOf(random.pick(origin.family), native)}`
    : nameOf(random.pick(origin.family), native);
  const age = random.int(18, 64);
  const year = Number(onDate.slice(0, 4)) - age - 1;
  const month = String(random.int(1, 12)).padStart(2, '0');
  const day = String(random.int(1, 28)).padStart(2, '0');
  const first = random.weighted(origin.languages);
  const languages = random.chance(0.35) ? [first, 'de'] : random.chance(0.3) ? [first, 'en'] : [first];
  return {
    givenName: nameOf(random.pick(origin.given), native),
    familyName: family,
    dateOfBirth: `${year}-${month}-${day}`,
    nationality: origin.nationality,
    languages,
    residenceStatus: random.weighted(origin.residence),
  };
}
