"""How tests/data/stories_gold.tsv was drawn (issue 23): per story, the OrangeSum titles
matching a keyword in a date window, minus the ids read and judged not to belong; then
exact-title repeats dropped and at most 20 kept, evenly spread. Run from the repo root:
`python tests/data/make_stories_gold.py PATH/orangesum_fr.jsonl.gz > tests/data/stories_gold.tsv`."""
import gzip,json,re,sys
recs=[json.loads(l) for l in gzip.open(sys.argv[1],"rt")]
# story: (split, title regex, start, end, excluded ids (number part))
D={
 'ghosn-arrestation-2018':('dev','Ghosn','2018-11-19','2019-01-31',{28386,8195}),
 'ghosn-fuite-liban-2020':('dev','Ghosn','2019-12-29','2020-02-15',{17982}),
 'maelys-disparition':('dev','Maëlys','2017-08-27','2018-03-31',set()),
 'alexia-daval-meurtre':('dev','Daval|Alexia','2017-10-30','2018-03-31',{22580}),
 'hulot-demission':('dev','Hulot','2018-08-27','2018-09-10',{29035,20593,20703,20607,29069}),
 'collomb-demission':('dev','Collomb','2018-10-01','2018-10-10',{28805,20223}),
 'notre-dame-incendie':('dev','Notre-Dame','2019-04-15','2019-05-10',{6684,6678,14794,25382,2410}),
 'lubrizol-incendie':('dev','Lubrizol|Rouen','2019-09-26','2019-11-15',{21659,21812}),
 'johnny-hallyday-mort':('dev','Johnny','2017-12-05','2017-12-31',{10714,10670,7496,10519,11172,10717,11259}),
 'benalla-affaire':('dev','Benalla','2018-07-19','2018-08-31',{5491,20766,29164}),
 'ouragan-irma':('dev','Irma','2017-09-04','2017-09-30',set()),
 'george-floyd':('dev','Floyd|Minneapolis','2020-05-26','2020-06-30',set()),
 'brexit-referendum':('dev','Brexit','2016-06-21','2016-07-05',set()),
 'genes-viaduc':('dev','Gênes','2018-08-14','2018-09-10',set()),
 'marseille-noailles':('dev','Marseille','2018-11-05','2018-11-20',{28467,28540}),
 'strasbourg-attentat':('heldout','Strasbourg|Chekatt','2018-12-11','2018-12-31',{27670}),
 'trebes-attentat':('heldout',r'\bAude\b|Trèbes|Beltrame','2018-03-23','2018-04-15',{22159}),
 'rugy-demission':('heldout','Rugy','2019-07-10','2019-07-31',set()),
 'griveaux-video':('heldout','Griveaux|Pavlenski','2020-02-13','2020-02-29',{9729}),
 'beyrouth-explosion':('heldout',r'Beyrouth|\bLiban\b','2020-08-04','2020-08-18',{33295,35776,32382}),
 'navalny-empoisonnement':('heldout','Navalny','2020-08-19','2020-09-30',set()),
 'chirac-mort':('heldout','Chirac','2019-09-26','2019-10-05',set()),
 'fillon-emplois-fictifs':('heldout',r'Pen[eé]lope|Affaire Fillon|fictif','2017-01-24','2017-02-20',set()),
 'prefecture-police-attaque':('heldout','préfecture','2019-10-03','2019-10-20',set()),
 'barcelone-attentat':('heldout','Barcelone|Cambrils|Catalogne|Espagne','2017-08-17','2017-09-05',set()),
 'mondial-2018-finale':('heldout','Mondial|Coupe du monde|Bleus|France-Croatie|France-Belgique','2018-07-10','2018-07-20',{15832,15855,29501,29525}),
 'trump-election-2016':('heldout','Trump|Clinton|Election USA','2016-11-08','2016-11-20',{26975,17245,26965,18716,12855,17447}),
 'burkini':('heldout','burkini','2016-08-10','2016-09-10',set()),
}
def members(k):
    split,p,a,b,ex=D[k]
    rx=re.compile(p,re.I)
    return sorted([r for r in recs if a<=r['date']<=b and rx.search(r['title']) and int(r['id'].split('-')[1]) not in ex],key=lambda r:(r['date'],r['id']))

CAP=20
rows=[]
for k,(split,*_) in D.items():
    m=members(k); seen=set(); u=[]
    for r in m:
        t=r['title'].strip().lower()
        if t in seen: continue
        seen.add(t); u.append(r)
    if len(u)>CAP:
        idx=sorted({round(i*(len(u)-1)/(CAP-1)) for i in range(CAP)})
        u=[u[i] for i in idx]
    for r in u: rows.append((k,split,r['id'],r['date'],' '.join(r['title'].split())))
if True:
    f=sys.stdout
    f.write("# Stories gold: OrangeSum articles (../shared/data/orangesum_fr.jsonl.gz) labelled by story.\n")
    f.write("# A story is one event or episode. Built for issue 23: candidates found by title keyword\n")
    f.write("# and date window, each title read, non-members dropped, exact-title repeats kept once,\n")
    f.write("# at most 20 articles per story (evenly spread over its dates). Split by story, fixed\n")
    f.write("# before any clustering change: tune on dev, report heldout.\n")
    f.write("story\tsplit\tid\tdate\ttitle\n")
    for r in rows: f.write('\t'.join(r)+'\n')
